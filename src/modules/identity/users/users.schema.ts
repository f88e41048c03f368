import { z } from 'zod';
import { LOCALES } from '../../../shared/locales';

export const LocaleBody = z.object({ locale: z.enum(LOCALES) }).strict();
export type LocaleBody = z.infer<typeof LocaleBody>;
