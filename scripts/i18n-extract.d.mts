export const ROOT: string;
export const TARGET_LOCALES: string[];
export function catalogDirOf(file: string): string;
export function extract(): Map<string, Set<string>>;
export function readCatalog(dir: string, locale: string): Record<string, string>;
export function compare(byDir?: Map<string, Set<string>>): { dir: string; locale: string; keys: number; missing: string[]; unused: string[] }[];
