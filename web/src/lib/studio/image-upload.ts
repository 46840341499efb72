/**
 * A picture for an image block, sent as the recordings are: the API signs a PUT, the browser sends
 * the bytes straight to storage, and the API checks what arrived (type sniffed, size) before a block
 * may use it. A refused file is deleted by the API; the error says what to fix.
 */
import { gql, StudioApiError } from './api.js';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export interface UploadedImage {
  id: string;
  key: string;
  url: string;
}

const REQUEST = `mutation($input: CollectionImageUploadInput!) {
  requestCollectionImageUpload(input: $input) { url image { id } } }`;
const CONFIRM = `mutation($id: ID!) { confirmCollectionImage(id: $id) { id key url } }`;

export async function uploadImage(collectionId: string, file: File): Promise<UploadedImage> {
  const { requestCollectionImageUpload: asked } = await gql<{ requestCollectionImageUpload: { url: string; image: { id: string } } }>(REQUEST, {
    input: { collectionId, contentType: file.type, size: file.size },
  });
  let put: Response;
  try {
    put = await fetch(asked.url, { method: 'PUT', headers: { 'content-type': file.type }, body: file });
  } catch (cause) {
    throw new StudioApiError('NETWORK', String(cause));
  }
  if (!put.ok) throw new StudioApiError('STORAGE', `storage answered HTTP ${put.status}`);
  return (await gql<{ confirmCollectionImage: UploadedImage }>(CONFIRM, { id: asked.image.id })).confirmCollectionImage;
}
