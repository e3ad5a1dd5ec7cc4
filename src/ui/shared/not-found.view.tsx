// The page for an unknown pacticipant, version, pact or integration: says what was not found and where to go next.
import { Layout } from '../layout.js';

export function NotFoundPage(props: { title: string; message: string }): JSX.Element {
  return (
    <Layout title={props.title}>
      <h1 safe>{props.title}</h1>
      <p safe>{props.message}</p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Layout>
  );
}

export function renderNotFound(title: string, message: string): string {
  return String(<NotFoundPage title={title} message={message} />);
}
