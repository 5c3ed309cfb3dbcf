"""Socket.IO: rooms per site and per counter; events are published only after commit."""
