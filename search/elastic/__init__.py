"""The Elasticsearch search store: an index per locale behind an alias (DESIGN.md section 3).

``analysis`` and ``mapping`` say how text is indexed, ``prepare`` what is sent, ``queries`` what
is asked, ``responses`` how answers become SearchResults and ``store`` talks to the cluster.
Everything but ``store`` is pure, so the contract tests need no server.
"""
