/** Cloudflare Queues take at most 100 messages and 256 KB in one `sendBatch`; stay well inside both. */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 200 * 1024;
const encoder = new TextEncoder();

/** Sends `messages` to `queue` in order, in as few batches as the queue's limits allow. */
export async function sendInBatches<Body>(queue: Queue<Body>, messages: MessageSendRequest<Body>[]): Promise<void> {
  let batch: MessageSendRequest<Body>[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = encoder.encode(JSON.stringify(message.body)).byteLength;
    if (batch.length > 0 && (batch.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      await queue.sendBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) await queue.sendBatch(batch);
}
