import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** What the cycle page needs of a cycle file (config/cycle-<year>.json). */
export interface CycleSettings {
  readonly year: string;
  readonly title: string;
  readonly categories: readonly { readonly id: string; readonly name: string; readonly nameEn?: string }[];
  readonly quotas: { readonly individual: number; readonly organization: number };
}

export const DEFAULT_CONFIG_DIR = path.resolve(__dirname, '..', '..', 'config');

const YEAR = /^\d{4}$/;

export function isYear(value: string): boolean {
  return YEAR.test(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Reads and checks `cycle-<year>.json`; undefined when there is none. Throws on a malformed file. */
export async function loadCycle(configDir: string, year: string): Promise<CycleSettings | undefined> {
  if (!isYear(year)) return undefined;
  let text: string;
  try {
    text = await readFile(path.join(configDir, `cycle-${year}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const data = JSON.parse(text) as Record<string, unknown>;
  const quotas = (data.quotas ?? {}) as Record<string, unknown>;
  const individual = count(quotas.individual);
  const organization = count(quotas.organization);
  const categories = Array.isArray(data.categories) ? data.categories : [];
  if (individual === undefined || organization === undefined) {
    throw new Error(`cycle-${year}.json: quotas.individual and quotas.organization must be counts`);
  }
  return {
    year,
    title: typeof data.title === 'string' ? data.title : `${year}년 올해의 고용서비스상`,
    categories: categories.flatMap((category: unknown) => {
      const { id, name, nameEn } = (category ?? {}) as Record<string, unknown>;
      return typeof id === 'string' && typeof name === 'string'
        ? [{ id, name, ...(typeof nameEn === 'string' ? { nameEn } : {}) }]
        : [];
    }),
    quotas: { individual, organization },
  };
}

/** The years that have a cycle file, newest first. */
export async function cycleYears(configDir: string): Promise<string[]> {
  try {
    const names = await readdir(configDir);
    return names
      .map((name) => /^cycle-(\d{4})\.json$/.exec(name)?.[1])
      .filter((year): year is string => year !== undefined)
      .sort()
      .reverse();
  } catch {
    return [];
  }
}
