import { nominationIdField, parseTaskEvent } from '../../functions/adapters/task-events';
import { ValidationError } from '../../functions/domain/errors';
import * as z from '../../functions/domain/schema';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';

describe('parseTaskEvent', () => {
  const schema = z.object({ nominationId: nominationIdField, stage: z.enum(['center_review', 'hq_review']) });

  it('passes a well-formed payload through', () => {
    const event = { nominationId: '2023-abcdefghijkmnpqrstuv', stage: 'hq_review' };
    expect(parseTaskEvent(schema, event)).toEqual(event);
  });

  it('names each bad field (zod default text: its English locale is left out to keep bundles small)', () => {
    try {
      parseTaskEvent(schema, { nominationId: 'nope' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = fieldMessages((error as ValidationError).fields, fieldMessage);
      expect(Object.keys(fields).sort()).toEqual(['nominationId', 'stage']);
      expect(fields.stage).toBe('Invalid input');
      expect(fields.nominationId).toMatch(/\S/);
    }
  });
});
