"""HTTP adapters: parse the request, authorise, call one service, reply."""
