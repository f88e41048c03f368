/** The SDMX structure of a dialogue as the API builds it (for generating its DSD-specific schema in tests). */
import pino from 'pino';
import type { TestApp } from '../../../../test/app';
import type { SdmxStructure } from '../../../domain/sdmx/sdmx-structure';
import { requireDialogue } from '../../dialogues/dialogues.service';
import { sdmxStructureOf } from '../../observations/observations.service';

export async function buildSdmxStructureForTest(t: TestApp, slug: string): Promise<SdmxStructure> {
  const ctx = { db: t.db, actor: null, log: pino({ level: 'silent' }) };
  return sdmxStructureOf(ctx, await requireDialogue(ctx, slug));
}
