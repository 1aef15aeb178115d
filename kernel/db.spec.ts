import { isDuplicateKey, isLockConflict } from './db';

describe('what a database error means', () => {
  it('a deadlock MySQL broke or a lock wait that timed out is a lock conflict, safe to try again', () => {
    expect(isLockConflict({ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } })).toBe(true);
    expect(isLockConflict({ errno: 1205 })).toBe(true);
    expect(isLockConflict({ driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } })).toBe(false);
    expect(isLockConflict(new Error('connection lost'))).toBe(false);
  });

  it('a duplicate key is not a lock conflict', () => {
    const duplicate = { driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } };
    expect(isDuplicateKey(duplicate)).toBe(true);
    expect(isLockConflict(duplicate)).toBe(false);
  });
});
