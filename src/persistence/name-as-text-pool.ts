import pg from 'pg';

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> } | Array<{ fields?: Array<{ dataTypeID: number }> }>;

function reportNameAsText<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as Array<{ fields?: Array<{ dataTypeID: number }> }>;
  for (const r of results) for (const f of r?.fields ?? []) if (f.dataTypeID === PG_NAME_OID) f.dataTypeID = PG_TEXT_OID;
  return result;
}

function patchClient(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { __nameAsText?: true };
  if (marked.__nameAsText) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const out = query(...args);
    return out instanceof Promise ? out.then((r) => reportNameAsText(r as QueryResultLike)) : out;
  };
  marked.__nameAsText = true;
  return client;
}

/**
 * A `pg.Pool` that reports PostgreSQL's `name` columns as `text`. Prisma's migrate commands read catalog
 * columns of type `name`, which `@prisma/adapter-pg` 6.19 cannot deserialize (prisma/orm#27403).
 */
export class NameAsTextPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const out = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    return (out instanceof Promise ? out.then((r) => reportNameAsText(r as QueryResultLike)) : out) as never;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) {
      super.connect((err, client, done) => callback(err, client ? patchClient(client) : client, done));
      return;
    }
    return super.connect().then(patchClient);
  }
}
