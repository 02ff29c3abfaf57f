Feature: Health checks
  Load balancers and monitoring ask whether the process lives and whether it
  can reach its database, without signing in. Every answer carries a request
  id so a problem can be traced in the logs.

  Scenario: The process answers while it lives
    When a monitor asks "/health"
    Then the answer is 200 with status "ok"

  Scenario: Readiness reports the database
    When a monitor asks "/health/ready"
    Then the answer is 200 with status "ok"
    And the database is reported "ok"

  Scenario: The caller's request id comes back
    When a monitor asks "/health" with the request id "trace-42"
    Then the answer carries the request id "trace-42"
