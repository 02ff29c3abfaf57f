"""Use cases of the cash drawer context, and the port it offers the contexts that take or pay money."""
