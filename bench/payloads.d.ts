export declare const PAYLOAD_SECONDS: readonly [5, 10, 30];
export type PayloadSeconds = (typeof PAYLOAD_SECONDS)[number];
export declare function humanPayloads(root: string): Promise<Record<PayloadSeconds, string>>;
