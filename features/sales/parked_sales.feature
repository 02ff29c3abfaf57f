Feature: Parked sales
  A sale being rung up can be parked (held) so the counter serves the next
  customer, and resumed later by anyone, then sold. Parking takes no stock and
  no money; the cart keeps its lines as rung up and its discounts as given. A
  parked sale is gone once resumed or dropped; one parked more than a day ago
  is listed as stale, for clean-up.

  Background:
    Given an admin "ada"
    And a staff member "sam" named "Sam Seller"
    And a staff member "tom" named "Tom Teller"
    And these products:
      | sku   | name        | price | stock |
      | CASE  | Phone case  | 12.50 | 10    |
      | CABLE | USB-C cable | 9.99  | 5     |
    And the customer "Ana Silva" with the phone "+351 912 345 678"

  Scenario: Parking a cart takes no stock and keeps it as it was rung up
    Given a cart of:
      | sku   | quantity | discount |
      | CASE  | 2        | 10%      |
      | CABLE | 1        |          |
      | CASE  | 1        | 1.50     |
    And the cart is for "Ana Silva" with a discount of "5.00" and the note "Back after lunch"
    When "sam" parks the cart
    Then it is accepted
    And the parked sales are:
      | customer  | parked by  | items                            | discount | notes            | stale |
      | Ana Silva | Sam Seller | CASE 2 10%, CABLE 1, CASE 1 1.50 | 5.00     | Back after lunch | no    |
    And the product "CASE" has 10 in stock
    And the product "CABLE" has 5 in stock

  Scenario: Another user resumes the parked cart and sells it
    Given a cart of:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
    And the cart is for "Ana Silva" with a discount of "3.49" and the note "Gift wrap"
    And "sam" has parked the cart
    When "tom" resumes the parked sale
    Then it is accepted
    And there are no parked sales
    When "tom" sells the resumed cart paid by card 31.50
    Then the sale is "S-000001" with subtotal 34.99, discount 3.49 and total 31.50
    And the items of the sale are:
      | sku   | name        | quantity | unit price | line total |
      | CASE  | Phone case  | 2        | 12.50      | 25.00      |
      | CABLE | USB-C cable | 1        | 9.99       | 9.99       |
    And the product "CASE" has 8 in stock
    And the product "CABLE" has 4 in stock

  Scenario: A parked sale is resumed once
    Given a cart of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has parked the cart
    And "tom" has resumed the parked sale
    When "sam" resumes the parked sale
    Then it is refused as not found

  Scenario: A dropped cart is gone, and nothing else changed
    Given a cart of:
      | sku  | quantity |
      | CASE | 3        |
    And "sam" has parked the cart
    When "tom" drops the parked sale
    Then it is accepted
    And there are no parked sales
    And the product "CASE" has 10 in stock
    When "tom" drops the parked sale
    Then it is refused as not found

  Scenario: A cart parked more than a day ago is listed as stale, for clean-up
    Given a cart of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has parked the cart
    And 25 hours pass
    And a cart of:
      | sku   | quantity |
      | CABLE | 2        |
    And "tom" has parked the cart
    Then the parked sales are:
      | customer | parked by  | items   | discount | notes | stale |
      |          | Tom Teller | CABLE 2 |          |       | no    |
      |          | Sam Seller | CASE 1  |          |       | yes   |

  Scenario Outline: A bad cart is refused, naming the field, and nothing is parked
    Given a cart of:
      | sku   | quantity   | discount   |
      | CASE  | 1          |            |
      | <sku> | <quantity> | <discount> |
    And the cart's discount is "<sale discount>"
    When "sam" parks the cart
    Then it is refused as invalid input for "<field>"
    And there are no parked sales

    Examples:
      | sku     | quantity | discount | sale discount | field               |
      | CABLE   | 0        |          |               | items[1].quantity   |
      | UNKNOWN | 1        |          |               | items[1].product_id |

  Scenario: A cart for a customer the store does not have is refused, naming the field
    Given a cart of:
      | sku  | quantity |
      | CASE | 1        |
    And the cart is for the customer number 999
    When "sam" parks the cart
    Then it is refused as invalid input for "customer_id"
    And there are no parked sales

  Scenario: An empty cart is refused
    Given an empty cart
    When "sam" parks the cart
    Then it is refused as invalid input for "items"
    And there are no parked sales

  Scenario: Parked at the till, without JavaScript: the till is cleared, then the cart comes back
    Given a cart of:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
    When "sam" parks the cart at the point of sale
    Then the point of sale is empty and says "Sale parked"
    And the point of sale lists 1 parked sale
    When "tom" resumes it at the point of sale
    Then the point of sale holds CASE 2, CABLE 1
    And there are no parked sales
