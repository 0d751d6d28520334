import { safeRedirect } from './pages.redirect.js';

const base = 'http://localhost:3001';
const trusted = ['https://app.example.com'];

describe('safeRedirect', () => {
  it.each([
    ['/account', '/account'],
    ['/account?notice=signed-out#x', '/account?notice=signed-out#x'],
    ['http://localhost:3001/consent?a=1', 'http://localhost:3001/consent?a=1'],
    ['https://app.example.com/done', 'https://app.example.com/done'],
  ])('follows %s', (input, expected) => {
    expect(safeRedirect(input, base, trusted)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example/x',
    'javascript:alert(1)',
    'https://app.example.com.evil.example/',
    'not a url',
    '',
    undefined,
    ['/account'],
    `/${'a'.repeat(3000)}`,
  ])('refuses %p', (input) => {
    expect(safeRedirect(input, base, trusted)).toBe('/account');
  });
});
