// Placeholder replaced by its owner in this change.
export default async function setup(): Promise<void> {}
