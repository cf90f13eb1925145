const MAX_LENGTH = 4096;

/**
 * True for a path inside a git tree as the files API takes it (`dir/file.txt`): relative, no
 * empty, `.` or `..` component, no `.git` component (in any case), no control character. git's
 * `<rev>:<path>` reads `./` and `../` relative to the working directory, so such a path never
 * reaches git.
 */
export function isGitFilePath(filePath: string): boolean {
  if (filePath.length === 0 || filePath.length > MAX_LENGTH || /[\x00-\x1f\x7f]/.test(filePath)) return false;
  return filePath.split('/').every((component) => component !== '' && component !== '.' && component !== '..' && component.toLowerCase() !== '.git');
}
