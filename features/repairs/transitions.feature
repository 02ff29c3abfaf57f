Feature: A repair moves through its statuses by one table of allowed transitions
  received -> diagnosing, cancelled; diagnosing -> awaiting_approval (needs a diagnosis and a line),
  ready (needs a diagnosis), cancelled; awaiting_approval -> in_repair, ready, cancelled;
  in_repair -> waiting_for_parts, awaiting_approval (the quote must grow), ready, cancelled;
  waiting_for_parts -> in_repair, cancelled;
  ready -> delivered (only by delivering, with payment); delivered and cancelled are final.
  Every change is kept in the repair's history.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: A repair taken in is received, numbered, with a tracking code and its intake in the history
    When "sam" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    Then it is accepted
    And the repair is "received"
    And the repair numbers are R-000001
    And the repair has a tracking code of at least 22 URL-safe characters
    And the history of the repair is:
      | from | to       | by  |
      |      | received | sam |

  Scenario: Two repairs get consecutive numbers and different tracking codes
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And "sam" has taken in a "PlayStation 5" from "Ana Silva" for "No HDMI output"
    Then the repair numbers are R-000001, R-000002
    And the two repairs have different tracking codes

  Scenario Outline: Every allowed move from <from> is accepted and written in the history
    Then every move from "<from>" to "<targets>" is accepted and kept in the history

    Examples:
      | from              | targets                              |
      | received          | diagnosing, cancelled                |
      | diagnosing        | awaiting_approval, ready, cancelled  |
      | awaiting_approval | in_repair, ready, cancelled          |
      | in_repair         | waiting_for_parts, awaiting_approval, ready, cancelled |
      | waiting_for_parts | in_repair, cancelled                 |

  Scenario Outline: Every other move from <from> is refused, listing the allowed targets
    Then every move from "<from>" to "<refused>" is refused listing "<allowed>"

    Examples:
      | from              | refused                                                                         | allowed                             |
      | received          | received, awaiting_approval, in_repair, waiting_for_parts, ready, delivered     | diagnosing, cancelled               |
      | diagnosing        | received, diagnosing, in_repair, waiting_for_parts, delivered                   | awaiting_approval, ready, cancelled |
      | awaiting_approval | received, diagnosing, awaiting_approval, waiting_for_parts, delivered           | in_repair, ready, cancelled         |
      | in_repair         | received, diagnosing, in_repair, delivered                                      | waiting_for_parts, awaiting_approval, ready, cancelled |
      | waiting_for_parts | received, diagnosing, awaiting_approval, waiting_for_parts, ready, delivered    | in_repair, cancelled                |
      | ready             | received, diagnosing, awaiting_approval, in_repair, waiting_for_parts, ready, cancelled, delivered | delivered |
      | delivered         | received, diagnosing, awaiting_approval, in_repair, waiting_for_parts, ready, delivered, cancelled | none      |
      | cancelled         | received, diagnosing, awaiting_approval, in_repair, waiting_for_parts, ready, delivered, cancelled | none      |

  Scenario: Awaiting approval needs a diagnosis
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair is "diagnosing"
    And the repair has the price 120.00
    When "sam" moves the repair to "awaiting_approval"
    Then it is refused as a conflict
    And the refusal says "Moving to awaiting approval needs a diagnosis."
    And the repair is "diagnosing"

  Scenario: Awaiting approval needs a line
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair is "diagnosing"
    And the repair has the diagnosis "Broken LCD"
    When "sam" moves the repair to "awaiting_approval"
    Then it is refused as a conflict
    And the refusal says "Moving to awaiting approval needs at least one line (labour or part)."
    And the repair is "diagnosing"

  Scenario: Ready needs a diagnosis
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair is "diagnosing"
    When "sam" moves the repair to "ready"
    Then it is refused as a conflict
    And the repair is "diagnosing"

  Scenario: A move keeps its note and who made it
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    When "ada" moves the repair to "diagnosing" noting "On the bench"
    Then the history of the repair is:
      | from     | to         | by  | note         |
      |          | received   | sam |              |
      | received | diagnosing | ada | On the bench |

  Scenario: Editing is refused once delivered or cancelled
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair is "cancelled"
    When "sam" changes the diagnosis of the repair to "Too late"
    Then it is refused as a conflict

  Scenario: Editing an open repair changes only what is given
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    When "sam" changes the diagnosis of the repair to "Broken LCD"
    Then it is accepted
    And the repair's diagnosis is "Broken LCD" and its equipment "iPhone 12"

  Scenario: An open repair blocks deleting its customer; a finished one does not
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    When "mia" deletes the customer "Ana Silva"
    Then it is refused as a conflict
    Given the repair is "cancelled"
    When "mia" deletes the customer "Ana Silva"
    Then it is accepted

  Scenario: The list is filtered by status and searched by number, customer or serial number
    Given the customer "Bruno Costa" with the email "bruno@example.com"
    And "sam" has taken in a "iPhone 12" with serial "IMEI 356789012345678" from "Ana Silva" for "Cracked screen"
    And "sam" has taken in a "ThinkPad T14" with serial "PF-2XK9" from "Bruno Costa" for "Does not boot"
    And the repair is "diagnosing"
    Then the repairs found by "bruno" are R-000002
    And the repairs found by "356789" are R-000001
    And the repairs found by "r-000001" are R-000001
    And the repairs with the status "diagnosing" are R-000002
    And the repairs with the status "received" are R-000001
    Given "sam" has taken in a "Nintendo Switch" from "Bruno Costa" for "Joy-Con drift"
    And the repair is "cancelled"
    Then the repairs still in the workshop are R-000001, R-000002
