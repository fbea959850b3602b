/**
 * A custom BullMQ job id from a kind and a key. BullMQ rejects custom ids that read as
 * integers and ids containing ":" (its key separator; `Job.validateOptions`): the kind prefix
 * rules out the first, URI encoding the second, and both keep distinct keys distinct.
 */
export function jobIdFor(kind: string, key: string): string {
  return `${kind}-${encodeURIComponent(key)}`;
}
