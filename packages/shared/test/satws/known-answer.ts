/** The known-answer vector of satws-api.md §8.4 / §9.4: exactly these 513 bytes. */
export const VECTOR_SECRET = 'sim_whsec_0123456789abcdef';
export const VECTOR_TIMESTAMP = 1740823200;
export const VECTOR_BODY =
  '{"@context":"/contexts/Event","@id":"/events/0192a1b2-0000-7000-8000-000000000001","@type":"Event","id":"0192a1b2-0000-7000-8000-000000000001","type":"extraction.updated","source":"/extractions/0192a1b2-0000-7000-8000-0000000000e1","resource":"/extractions/0192a1b2-0000-7000-8000-0000000000e1","data":{"object":{"id":"0192a1b2-0000-7000-8000-0000000000e1","status":"finished"},"changes":{"status":{"old":"running","new":"finished"}}},"createdAt":"2025-03-01T10:00:00.000Z","updatedAt":"2025-03-01T10:00:00.000Z"}';
export const VECTOR_HEADER =
  't=1740823200,s=ca0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447';
export const VECTOR_DIGEST = 'sha-256=:URUlJdjAG0N6zjWkCnG35msKu8TGP5CdrO2UksXFr/8=:';
export const VECTOR_NOW = new Date(VECTOR_TIMESTAMP * 1000);
