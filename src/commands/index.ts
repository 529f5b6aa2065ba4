// Subcommands, named by the first argument: `proxy-render values ...`, `proxy-render kustomize-images ...`.
// Without one, proxy-render is the post-renderer / KRM function (render.ts).

import type { Command } from './common';
import { kustomizeImagesCommand } from './kustomize-images';
import { valuesCommand } from './values';

export type { Command, CommandResult } from './common';

export const COMMANDS: Readonly<Record<string, Command>> = {
  values: valuesCommand,
  'kustomize-images': kustomizeImagesCommand,
};
