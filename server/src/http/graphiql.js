// Mounts GraphiQL on the page at `/`, talking to this server's /graphql.
(function () {
  const defaultQuery = [
    '# Welcome to Orkesta.',
    '#',
    '# Sign up or sign in with the signUp / signIn mutations, then send the',
    '# returned token from the Headers tab below:',
    '#   { "Authorization": "Bearer orks_…" }',
    '',
    'query Me {',
    '  me {',
    '    user { id email name }',
    '  }',
    '}',
    '',
  ].join('\n');
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
  );
})();
