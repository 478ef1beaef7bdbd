/** FinalDraftPage: being built (issue 4). */
export function FinalDraftPage(_props: { id?: string; version?: number }) {
  return <main className="page">建设中</main>;
}
