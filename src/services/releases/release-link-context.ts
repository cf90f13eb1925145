/** What a link's entity needs besides the row (for `direct_asset_url`): its project's full path and release's tag. */
export interface LinkContext {
  projectPath: string;
  tagName: string;
}
