// The media module's public surface: images in (parse, download, decrypt, inspect, cache as blob URLs) and out
// (inspect, strip metadata, thumbnail, encrypt, upload, send). sniff.ts decides what an image really is, with the
// per-format structure walkers in formats/.
export { MediaError, formatBytes, type MediaErrorReason } from "./errors.ts";
export {
  mediaKey,
  mediaSourceFromContent,
  parseEncryptedFile,
  parseMxc,
  type EncryptedFile,
  type ImageSource,
  type MediaRef,
} from "./content.ts";
export {
  DEFAULT_IMAGE_LIMITS,
  imageLimits,
  inspectImage,
  type ImageLimits,
  type InspectedImage,
} from "./inspect.ts";
export {
  downloadMedia,
  fetchImage,
  readCapped,
  type DownloadOptions,
  type LoadedImage,
  type MediaDownloadClient,
} from "./download.ts";
export { DEFAULT_CACHE_BYTES, ImageUrlCache, type CachedImage, type ImageHandle } from "./cache.ts";
export { MediaStore, type MediaStoreOptions } from "./store.ts";
export { browserThumbnailer, type Thumbnail, type Thumbnailer } from "./thumbnail.ts";
export {
  prepareImageUpload,
  sendImage,
  type ImageContent,
  type ImageInfo,
  type ImageUploadOptions,
  type MediaUploadClient,
  type SendImageOptions,
} from "./send.ts";
export {
  ACCEPTED_IMAGE_TYPES,
  imageDimensions,
  imageLayout,
  sniffImageType,
  type ImageMime,
  type Layout,
} from "./sniff.ts";
export { stripMetadata } from "./strip.ts";
export { browserDecodedSize, checkDecodedSize, type DecodedSize } from "./decoded.ts";
