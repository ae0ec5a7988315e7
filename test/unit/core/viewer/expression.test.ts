import * as assert from 'assert';
import { compileExpression, ExpressionError, type FieldRoot } from '../../../../src/core/viewer/expression';

const fields = (f: Partial<Record<FieldRoot, unknown>>) => (r: FieldRoot) => f[r];
const holds = (src: string, f: Partial<Record<FieldRoot, unknown>>) => compileExpression(src).test(fields(f));

describe('viewer field filter expressions (jsep + our evaluator)', () => {
  it('compares JSON fields, numbers against numeric strings too', () => {
    assert.strictEqual(holds('value.amount > 100', { value: { amount: 150 } }), true);
    assert.strictEqual(holds('value.amount > 100', { value: { amount: 50 } }), false);
    assert.strictEqual(holds('value.amount > 100', { value: { amount: '150' } }), true);
    assert.strictEqual(holds('value.amount >= 100 && value.amount <= 100', { value: { amount: 100 } }), true);
    assert.strictEqual(holds('value.amount == "100"', { value: { amount: 100 } }), true);
    assert.strictEqual(holds('value.amount === "100"', { value: { amount: 100 } }), false);
  });

  it('reads nested fields, arrays by index and header names with dashes', () => {
    const value = { customer: { tier: 'gold' }, items: [{ sku: 'A1' }, { sku: 'B2' }] };
    assert.strictEqual(holds('value.customer.tier == "gold" && value.items[1].sku == "B2"', { value }), true);
    assert.strictEqual(holds('headers["x-source"] == "web"', { headers: { 'x-source': 'web' } }), true);
    assert.strictEqual(holds('len(value.items) == 2', { value }), true);
  });

  it('treats a missing field as absent, not as an error', () => {
    assert.strictEqual(holds('value.nope.deeper > 1', { value: {} }), false);
    assert.strictEqual(holds('!exists(value.nope)', { value: {} }), true);
    assert.strictEqual(holds('value.amount > 1', { value: 'plain text' }), false);
    assert.strictEqual(holds('value.amount > 1', { value: null }), false);
  });

  it('has logic, arithmetic, `in`, the ternary and string functions', () => {
    assert.strictEqual(holds('(value.a + value.b) * 2 == 10', { value: { a: 2, b: 3 } }), true);
    assert.strictEqual(holds('value.state in ["NEW", "PAID"]', { value: { state: 'PAID' } }), true);
    assert.strictEqual(holds('"ai" in value.name', { value: { name: 'email' } }), true);
    assert.strictEqual(holds('contains(lower(key), "order")', { key: 'ORDER-7' }), true);
    assert.strictEqual(holds('startsWith(key, "ORD") || endsWith(key, "x")', { key: 'ORD-1' }), true);
    assert.strictEqual(holds('matches(value.email, "^[a-z]+@example\\\\.com$", "i")', { value: { email: 'Ann@Example.com' } }), true);
    assert.strictEqual(holds('partition == 2 ? offset > 10 : false', { partition: 2, offset: 11 }), true);
    assert.strictEqual(holds('-value.x < 0 && !(value.x == 0)', { value: { x: 3 } }), true);
  });

  it('reads own properties only: prototype names are absent', () => {
    assert.strictEqual(holds('exists(value.constructor)', { value: {} }), false);
    assert.strictEqual(holds('exists(value["__proto__"])', { value: {} }), false);
    assert.strictEqual(holds('exists(value.toString)', { value: {} }), false);
    assert.strictEqual(holds('value.length == 3', { value: 'abc' }), true);
  });

  it('lists the roots it reads, so the caller decodes only those', () => {
    assert.deepStrictEqual([...compileExpression('value.a > 1 && partition == 0').roots].sort(), ['partition', 'value']);
  });

  it('refuses what it cannot evaluate, with the place', () => {
    const err = (src: string) => {
      try {
        compileExpression(src);
      } catch (e) {
        assert.ok(e instanceof ExpressionError, String(e));
        return e;
      }
      assert.fail(`${src} was accepted`);
    };
    assert.match(err('amount > 100').message, /unknown name "amount": start from key, value, headers/);
    assert.strictEqual(err('value.a > 1 && amount > 100').index, 15);
    assert.match(err('value.a >').message, /Expected expression/);
    assert.match(err('eval("1")').message, /unknown function "eval"/);
    assert.match(err('value.a.toString()').message, /only the functions/);
    assert.match(err('value.a value.b').message, /one expression only/);
    assert.match(err('this.x').message, /not supported/);
    assert.match(err('matches(key, "(")').message, /bad regular expression/);
  });
});
