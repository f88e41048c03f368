import { rule } from '../../shared/access';

/**
 * Who may call the SDMX REST API (src/modules/sdmx): anyone, also anonymously; what it shows depends on who
 * asks. The service lists the dataflows of the dialogues the caller may see, the indicators and routes they may
 * see, published figures only, and applies disclosure control to every caller who is not a member of the
 * dialogue. A token needs `observations:read` (the same figures as the observations API).
 */
export const sdmxPolicy = {
  read: rule.open('sdmx.read', 'observations:read'),
};
