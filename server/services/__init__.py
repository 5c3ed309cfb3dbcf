"""Use cases. Each opens one transaction, asks the domain to decide, commits, then publishes."""
