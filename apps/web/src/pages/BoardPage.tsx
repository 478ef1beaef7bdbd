/** BoardPage: being built (issue 4). */
export function BoardPage(_props: { id?: string; version?: number }) {
  return <main className="page">建设中</main>;
}
