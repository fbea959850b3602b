import type { RunningSimulator } from '../../src/index.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiClient {
  get<T = Record<string, unknown>>(
    path: string,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  delete(path: string): Promise<ApiResponse>;
}

/** A thin fetch wrapper for the simulator's API: the key, JSON in and out, nothing hidden. */
export function apiClient(sim: RunningSimulator): ApiClient {
  const request = async <T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        'X-API-Key': sim.apiKey,
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const json =
      text && (response.headers.get('content-type') ?? '').includes('json')
        ? JSON.parse(text)
        : undefined;
    return {
      status: response.status,
      headers: response.headers,
      body: json as T,
      text,
    } satisfies ApiResponse<T>;
  };
  return {
    get: <T = Record<string, unknown>>(path: string, headers?: Record<string, string>) =>
      request<T>('GET', path, headers ? { headers } : {}),
    post: <T = Record<string, unknown>>(
      path: string,
      body: unknown,
      headers?: Record<string, string>,
    ) => request<T>('POST', path, headers ? { body, headers } : { body }),
    put: <T = Record<string, unknown>>(path: string, body: unknown) =>
      request<T>('PUT', path, { body }),
    delete: (path: string) => request('DELETE', path),
  };
}

/** Follows `hydra:next` until it is absent; returns every member in order. */
export async function collectAll<T = Record<string, unknown>>(
  api: ApiClient,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ members: T[]; pages: number }> {
  const members: T[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const page: ApiResponse<Record<string, unknown>> = await api.get(next, headers);
    if (page.status !== 200) throw new Error(`GET ${next} answered ${page.status}: ${page.text}`);
    members.push(...(page.body['hydra:member'] as T[]));
    next = (page.body['hydra:view'] as Record<string, string> | undefined)?.['hydra:next'];
    pages += 1;
  }
  return { members, pages };
}

export async function entityIdOf(api: ApiClient, rfc: string): Promise<string> {
  const found = await api.get<Array<{ id: string; taxpayer: { id: string } }>>(
    `/entities?taxpayer.id=${rfc}`,
    {
      Accept: 'application/json',
    },
  );
  const entity = found.body.find((candidate) => candidate.taxpayer.id === rfc);
  if (!entity) throw new Error(`no entity for ${rfc}`);
  return entity.id;
}
