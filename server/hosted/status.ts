/** What get_status (and the completion's webhook) says of a user: the connection, and the data its request type asks for. */
import type { DataRequestType, GetStatusResponse } from '../../shared/contracts/verifyyou.ts'
import type { HostedUser } from './store/types.ts'

export function statusBody(user: HostedUser): GetStatusResponse {
  const result = user.result
  if (!result) return { status: 'success', user_id: user.userId, has_connection: false }
  return {
    status: 'success',
    user_id: user.userId,
    has_connection: true,
    simple_data_request_response: dataFor(user.dataRequest, result),
  }
}

function dataFor(type: DataRequestType, result: NonNullable<HostedUser['result']>) {
  const base = { humanness_score: result.humannessScore, fulfillment_time_s: result.fulfillmentTimeS }
  if (type === 'IS_PHONE_NUMBER_VERIFIED') return { ...base, is_phone_number_verified: true }
  return { ...base, ...(result.uniqueHumanId === null ? {} : { unique_human_id: result.uniqueHumanId }) }
}
