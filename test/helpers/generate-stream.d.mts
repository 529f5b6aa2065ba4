// Types for generate-stream.mjs (plain JavaScript so that test/bench/bench.mjs runs without a build).

/** Repository patterns of the private images the generator uses. */
export declare const privateRepositoryPatterns: string[];

/** A small seeded random number generator: the same seed gives the same numbers in [0, 1). */
export declare function mulberry32(seed: number): () => number;

/** A Helm-like multi-document stream (`---` + `# Source:` before each document), ~1 KB per document. */
export declare function generateStream(options: { documents: number; seed?: number }): string;

export interface KustomizeImage {
  name: string;
  newName: string;
}

/**
 * KOTS-style kustomize `images:` entries (name without tag/digest as written, newName on the
 * proxy), deduplicated by name, for the private images of containers/initContainers in pod specs.
 * `isPrivate` gets the image reference as written.
 */
export declare function kustomizeImagesFor(
  streamText: string,
  options: { proxyDomain?: string; appSlug: string; isPrivate: (image: string) => boolean },
): KustomizeImage[];

/** Every image of containers/initContainers in the pod specs of a stream, in order, with repeats. */
export declare function imagesIn(streamText: string): string[];

/** `isPrivate` from repository patterns (`*` matches any run of characters; `all` matches every image). */
export declare function matchesRepositoryPatterns(patterns: string[]): (image: string) => boolean;

/** The image name as written, without `:tag` and `@digest`. */
export declare function imageName(image: string): string;
