import { Prisma as SqlitePrisma } from '../../prisma/generated/sqlite/client';
import { Prisma as PostgresPrisma } from '../../prisma/generated/postgresql/client';
import { NEW_CALL_COLUMNS, NOT_WRITTEN_BY_STEPS, STEP_COLUMNS, STORED_CALL_COLUMNS } from '../../src/persistence/call-row-columns';

const declared = [...NEW_CALL_COLUMNS.map((c) => c.column), ...STEP_COLUMNS.map((c) => c.column), ...NOT_WRITTEN_BY_STEPS];

describe('the one column list of a call row', () => {
  test.each([
    ['SQLite', Object.values(SqlitePrisma.CallScalarFieldEnum)],
    ['PostgreSQL', Object.values(PostgresPrisma.CallScalarFieldEnum)],
  ])(
    'when the %s model of Call is compared with it, then every column is written by a step, by a new call, or named as written elsewhere, exactly once',
    (_db, modelColumns) => {
      expect([...declared].sort()).toEqual([...modelColumns].sort());
      expect(new Set(declared).size).toBe(declared.length);
    },
  );

  test('when the hot path reads a call, then it reads only columns the model has', () => {
    const read = STORED_CALL_COLUMNS.split(', ').map((c) => c.replace(/"/g, ''));
    expect(read.every((c) => (Object.values(SqlitePrisma.CallScalarFieldEnum) as string[]).includes(c))).toBe(true);
    expect(read).toEqual(['callSid', 'role', 'fromNumber', 'step', 'queueStep', 'snapshot']);
  });
});
