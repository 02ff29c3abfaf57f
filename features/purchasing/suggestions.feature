Feature: Reorder suggestions
  Active products at or below their minimum stock are suggested, minimum stock + reorder quantity − stock of
  each (when that is above 0), grouped by preferred supplier (products without one last). One action turns them into draft orders, one
  per supplier, each line at its last order's unit cost, else the product's cost; products without a supplier are left for a person to order.
  Each suggestion shows what is on order: still to come on open orders (draft, ordered, partially received), ordered − received.
  The quantity stays the formula; a product with anything on order is not drafted again, so making the drafts twice makes them once.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a supplier "Acme"
    And a supplier "Bolt"
    And a product "CAB-1" supplied by "Acme" with 10 in stock at cost 5.00, a minimum of 12 and a reorder quantity of 5
    And a product "CAB-2" supplied by "Acme" with 3 in stock at cost 2.00, a minimum of 3 and a reorder quantity of 0
    And a product "FAN-1" supplied by "Bolt" with 0 in stock at cost 9.00, a minimum of 2 and a reorder quantity of 4
    And a product "ODD-1" with 1 in stock at cost 1.00, a minimum of 5 and a reorder quantity of 1
    And a product "FULL-1" supplied by "Acme" with 20 in stock at cost 1.00, a minimum of 5 and a reorder quantity of 5

  Scenario: The suggestions, grouped by supplier
    Then the reorder suggestions are:
      | supplier | sku    | quantity |
      | Acme     | CAB-1  | 7        |
      | Bolt     | FAN-1  | 6        |
      | none     | ODD-1  | 5        |

  Scenario: One action makes a draft order per supplier
    When "ada" makes draft orders from the suggestions
    Then it is accepted
    And the draft orders are:
      | number    | supplier | sku   | quantity | unit cost |
      | PO-000001 | Acme     | CAB-1 | 7        | 5.00      |
      | PO-000002 | Bolt     | FAN-1 | 6        | 9.00      |

  Scenario: Staff read the suggestions but do not order them
    When "sam" makes draft orders from the suggestions
    Then it is refused as admin-only
    And the purchase orders are numbered "none"

  Scenario: A suggested product on an open order shows what is still to come and is not drafted again
    Given an order from "Acme" for 4 of "CAB-1" at 5.00, brought to partially_received
    Then the reorder suggestions are:
      | supplier | sku    | quantity | on order |
      | Acme     | CAB-1  | 6        | 3        |
      | Bolt     | FAN-1  | 6        | 0        |
      | none     | ODD-1  | 5        | 0        |
    When "ada" makes draft orders from the suggestions
    Then it is accepted
    And the draft orders are:
      | number    | supplier | sku   | quantity | unit cost |
      | PO-000002 | Bolt     | FAN-1 | 6        | 9.00      |

  Scenario: A draft already written counts as on order in the suggestions
    Given a draft order from "Acme" for 4 of "CAB-1" at 5.00
    Then the reorder suggestions are:
      | supplier | sku    | quantity | on order |
      | Acme     | CAB-1  | 7        | 4        |
      | Bolt     | FAN-1  | 6        | 0        |
      | none     | ODD-1  | 5        | 0        |
    When "ada" makes draft orders from the suggestions
    Then the draft orders are:
      | number    | supplier | sku   | quantity | unit cost |
      | PO-000001 | Acme     | CAB-1 | 4        | 5.00      |
      | PO-000002 | Bolt     | FAN-1 | 6        | 9.00      |

  Scenario: Making the suggested drafts twice makes them once
    When "ada" makes draft orders from the suggestions
    And "ada" makes draft orders from the suggestions
    Then it makes no draft orders
    And the purchase orders are numbered "PO-000001, PO-000002"
    And the reorder suggestions are:
      | supplier | sku    | quantity | on order |
      | Acme     | CAB-1  | 7        | 7        |
      | Bolt     | FAN-1  | 6        | 6        |
      | none     | ODD-1  | 5        | 0        |

  Scenario Outline: A received or cancelled order's product is suggested again
    Given an order from "Acme" for 1 of "CAB-1" at 5.00, brought to <status>
    Then the reorder suggestions are:
      | supplier | sku    | quantity   | on order |
      | Acme     | CAB-1  | <quantity> | 0        |
      | Bolt     | FAN-1  | 6          | 0        |
      | none     | ODD-1  | 5          | 0        |
    When "ada" makes draft orders from the suggestions
    Then the draft orders are:
      | number    | supplier | sku   | quantity   | unit cost |
      | PO-000002 | Acme     | CAB-1 | <quantity> | 5.00      |
      | PO-000003 | Bolt     | FAN-1 | 6          | 9.00      |

    Examples:
      | status    | quantity |
      | received  | 6        |
      | cancelled | 7        |
