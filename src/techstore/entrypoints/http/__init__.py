"""HTTP plumbing shared by the API and the pages: errors, middleware, routing, access."""
