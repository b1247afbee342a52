/** The object store of the pipeline in AWS: one S3 bucket. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteRange, ObjectStore } from '../../shared/store/index.ts';

/** Options of {@link S3ObjectStore}. */
export interface S3ObjectStoreOptions {
  /** The bucket every key lives in. */
  readonly bucket: string;
  /** The S3 client, configured by the caller (region, endpoint, checksums). */
  readonly client: S3Client;
  /**
   * Keys per ListObjectsV2 page.
   * @default 1000 - S3's maximum
   */
  readonly pageSize?: number;
}

/** Defaults of {@link S3ObjectStoreOptions}. */
export const DEFAULT_S3_OBJECT_STORE_OPTIONS = { pageSize: 1000 } as const;

/**
 * {@link ObjectStore} over one S3 bucket. Bodies stream to and from files, so a log of any size passes through a
 * Lambda without being held in memory.
 * @example
 * const store = new S3ObjectStore({ bucket: env('BUCKET_NAME'), client: new S3Client({}) });
 * await store.download('incoming/app.log', '/tmp/app.log');
 */
export class S3ObjectStore implements ObjectStore {
  readonly #bucket: string;
  readonly #client: S3Client;
  readonly #pageSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.#bucket = options.bucket;
    this.#client = options.client;
    this.#pageSize = options.pageSize ?? DEFAULT_S3_OBJECT_STORE_OPTIONS.pageSize;
  }

  async head(key: string): Promise<{ readonly size: number; readonly etag: string } | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { size: out.ContentLength ?? 0, etag: unquote(out.ETag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const body = await this.#getBody(key);
    return body.transformToByteArray();
  }

  async put(key: string, body: Uint8Array | string, contentType?: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) }),
    );
  }

  async download(key: string, path: string, range?: ByteRange): Promise<void> {
    const body = await this.#getBody(key, range);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(body, createWriteStream(path));
  }

  /** Streams the file in one PutObject (S3 takes up to 5 GB that way; the length is sent, not computed from the stream). */
  async upload(path: string, key: string, contentType?: string): Promise<void> {
    const { size } = await stat(path);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  }

  async list(prefix: string): Promise<Array<{ readonly key: string; readonly etag: string; readonly size: number }>> {
    const objects: Array<{ key: string; etag: string; size: number }> = [];
    const pages = paginateListObjectsV2(
      { client: this.#client, pageSize: this.#pageSize },
      { Bucket: this.#bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) objects.push({ key: object.Key, etag: unquote(object.ETag), size: object.Size ?? 0 });
      }
    }
    return objects;
  }

  async #getBody(key: string, range?: ByteRange): Promise<GetBody> {
    try {
      // HTTP ranges name their last byte, not the one after it.
      const out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }),
      );
      if (!out.Body) throw new Error(`s3://${this.#bucket}/${key}: no body`);
      return out.Body as GetBody;
    } catch (error) {
      if (isNotFound(error)) throw new Error(`s3://${this.#bucket}/${key} does not exist`, { cause: error });
      throw error;
    }
  }
}

/** The body of a GetObject answer in Node: a stream with the SDK's collectors. */
type GetBody = Readable & { transformToByteArray(): Promise<Uint8Array> };

/** An ETag without the quotes S3 puts around it. */
function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}

/** A missing key: HeadObject has no body to name the error, so it says NotFound. */
function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey';
}
