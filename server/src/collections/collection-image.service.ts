import { Types } from 'mongoose';
import type { Actor } from '../access/actor.js';
import { canEditCollection, canViewCollection } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { toObjectId } from '../common/ids.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import { keys } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { sniff, SNIFF_BYTES } from '../../../shared/sniff.js';
import { IMAGE_TYPES, type CollectionImageDoc, type ImageType } from './collection-image.model.js';
import type { CollectionDoc } from './collection.model.js';
import type { CollectionService } from './collection.service.js';

const NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };
const UPLOAD_SECONDS = 900;

/**
 * Pictures for image blocks, sent by the browser straight to storage with a presigned PUT (as
 * recordings are), then checked here on the stored bytes before any block may use them: storage
 * does not check what a presigned PUT carries, so the size and the type are read back and sniffed.
 */
export class CollectionImageService {
  constructor(
    private readonly models: Models,
    private readonly storage: Storage,
    private readonly collections: CollectionService,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  /** Refused before any byte is sent when the type or the declared size is wrong. */
  async requestUpload(actor: Actor, input: { collectionId: string; contentType: string; size: number }) {
    const collection = await this.collections.requireEditable(actor, input.collectionId);
    const contentType = input.contentType.toLowerCase() as ImageType;
    if (!Object.hasOwn(IMAGE_TYPES, contentType)) {
      throw new BadInputError('contentType', `${contentType} is not accepted; send a JPEG, PNG or WebP picture`);
    }
    const limit = this.config.images.maxBytes;
    if (input.size > limit) {
      throw new BadInputError('size', `the picture is ${input.size} bytes; the limit is ${limit} bytes; make it smaller first`);
    }
    const _id = new Types.ObjectId();
    const key = keys.collectionImage(collection._id.toHexString(), _id.toHexString(), IMAGE_TYPES[contentType]);
    const url = await this.storage.presignPut(keys.incoming(key), contentType, UPLOAD_SECONDS);
    const image = await this.models.CollectionImage.create({
      _id,
      collectionId: collection._id,
      key,
      contentType,
      size: input.size,
      status: 'pending',
      createdBy: toObjectId('userId', actor.userId!),
    });
    return { image: image.toObject() as CollectionImageDoc, url, expiresAt: new Date(Date.now() + UPLOAD_SECONDS * 1000) };
  }

  /**
   * Reads back what arrived: too big, missing, or not the picture type declared, and the object and
   * its record are deleted, so nothing half-checked stays behind to be referenced later.
   */
  async confirm(actor: Actor, imageId: string): Promise<CollectionImageDoc> {
    const image = await this.models.CollectionImage.findById(toObjectId('id', imageId)).lean<CollectionImageDoc>();
    const collection = image ? await this.models.Collection.findById(image.collectionId).lean<CollectionDoc>() : null;
    // A picture not placed yet is its collection's editors' business: anyone else hears the same
    // NOT_FOUND as for an id that never existed.
    if (!image || !collection || !canViewCollection(actor, collection) || !canEditCollection(actor, collection)) throw new NotFoundError('Image');
    await this.collections.requireEditable(actor, image.collectionId.toHexString());
    if (image.status === 'ready') return image;
    const size = await this.checkedCopy(image);
    const ready = await this.models.CollectionImage.findOneAndUpdate(
      { _id: image._id, status: 'pending' },
      { $set: { status: 'ready', size } },
      { returnDocument: 'after' },
    ).lean<CollectionImageDoc>();
    if (!ready) throw new ConflictError('This image was confirmed or discarded meanwhile; upload it again if it is missing');
    await this.audit.record(actor, 'collection.image-upload', { type: 'CollectionImage', id: image._id }, {
      after: { collectionId: image.collectionId.toHexString(), key: image.key, contentType: image.contentType, size },
    });
    return ready;
  }

  /**
   * Copies the upload to the image's key and checks the copy, answering its size. What is checked
   * and shown is a copy no URL can write: the upload URL stays usable until it expires, and a second
   * PUT to it must not swap the bytes after the check. Anything refused is deleted with its record.
   */
  private async checkedCopy(image: CollectionImageDoc): Promise<number> {
    const incoming = keys.incoming(image.key);
    const uploaded = await this.storage.head(incoming);
    if (!uploaded) throw new BadInputError('id', 'nothing has been uploaded for this image yet; send the file to the upload URL first');
    // Too big is refused before anything is copied; after the copy, the copy's own size counts.
    const big = this.tooBig(uploaded.size);
    if (!big && !(await this.storage.copy(incoming, image.key))) {
      throw new BadInputError('id', 'the upload was confirmed or discarded meanwhile; upload the picture again if it is missing');
    }
    await this.storage.delete(incoming);
    const size = big ? uploaded.size : ((await this.storage.head(image.key))?.size ?? 0);
    const problem = big ?? (await this.problemWith(image, size));
    if (problem) {
      await this.discard(image);
      throw problem;
    }
    return size;
  }

  private tooBig(size: number): BadInputError | null {
    const limit = this.config.images.maxBytes;
    return size > limit ? new BadInputError('file', `the picture is ${size} bytes; the limit is ${limit} bytes; make it smaller and upload again`) : null;
  }

  private async problemWith(image: CollectionImageDoc, size: number): Promise<BadInputError | null> {
    const big = this.tooBig(size);
    if (big) return big;
    if (size === 0) return new BadInputError('file', 'the uploaded file is empty; upload the picture again');
    const found = await sniff(await this.storage.readStart(image.key, SNIFF_BYTES));
    if (found?.mime !== image.contentType) {
      const what = found ? `${NAMES[found.mime] ? `a ${NAMES[found.mime]} picture` : `${found.ext.toUpperCase()} (${found.mime})`}` : 'not a picture the archive recognises';
      return new BadInputError(
        'file',
        `the file was declared as a ${NAMES[image.contentType]} picture but its bytes are ${what}; upload a JPEG, PNG or WebP picture`,
      );
    }
    return null;
  }

  private async discard(image: CollectionImageDoc) {
    await this.storage.delete(image.key);
    await this.models.CollectionImage.deleteOne({ _id: image._id });
  }

  /**
   * A ready image for this viewer: anyone who may see the collection sees the pictures its blocks
   * show; the collection's editors also see the ones uploaded but not placed yet (the builder).
   */
  async forViewer(actor: Actor, collectionId: string, imageId: string): Promise<{ image: CollectionImageDoc; published: boolean }> {
    const collection = await this.collections.get(actor, collectionId);
    const image = await this.models.CollectionImage.findOne({
      _id: toObjectId('imageId', imageId),
      collectionId: collection._id,
      status: 'ready',
    }).lean<CollectionImageDoc>();
    if (!image) throw new NotFoundError('Image');
    const shown = collection.blocks.some((b) => b.type === 'image' && b.imageKey === image.key);
    if (!shown && !canEditCollection(actor, collection)) throw new NotFoundError('Image');
    return { image, published: shown && collection.status === 'published' };
  }

  stream(image: CollectionImageDoc): Promise<NodeJS.ReadableStream> {
    return this.storage.stream(image.key);
  }
}

/** Everything stored for a deleted collection: its pictures, found by their records. */
export async function deleteCollectionImages(models: Models, storage: Storage, collection: Pick<CollectionDoc, '_id'>) {
  const images = await models.CollectionImage.find({ collectionId: collection._id }, { key: 1 }).lean();
  for (const image of images) await storage.delete(image.key);
  await models.CollectionImage.deleteMany({ collectionId: collection._id });
}
