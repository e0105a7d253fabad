/**
 * Password rules, following NIST SP 800-63B: length over composition, and no password that is
 * commonly used or built from the account's own name or email.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "1111111111",
  "0000000000",
  "qwertyuiop",
  "1q2w3e4r5t",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou123",
  "abcdefghij",
  "abc1234567",
  "qwerty1234",
  "qwerty12345",
  "asdfghjkl1",
  "letmein123",
  "welcome123",
  "admin12345",
  "aaaaaaaaaa",
  "woaini1314",
  "5201314520",
  "1qaz2wsx3edc",
  "zaq12wsxcde",
]);

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "containsIdentity";

export function passwordProblems(
  password: string,
  identity: { email?: string; name?: string } = {},
): PasswordProblem[] {
  const length = [...password].length; // count characters, not UTF-16 units
  if (length < PASSWORD_MIN_LENGTH) return ["tooShort"];
  if (length > PASSWORD_MAX_LENGTH) return ["tooLong"];
  const lower = password.toLowerCase();
  const problems: PasswordProblem[] = [];
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) problems.push("common");
  const localPart = identity.email?.split("@")[0]?.toLowerCase();
  const name = identity.name?.toLowerCase().replace(/\s+/g, "");
  const compact = lower.replace(/\s+/g, ""); // "alice smith 2024" contains the name "Alice Smith"
  if (
    (localPart && localPart.length >= 4 && lower.includes(localPart)) ||
    (name && name.length >= 4 && compact.includes(name))
  ) {
    problems.push("containsIdentity");
  }
  return problems;
}
