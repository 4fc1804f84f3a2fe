-- Comments on the columns of the views and materialized views (their tables' columns are commented where
-- the tables are created). The data dictionary takes every description from the database.

COMMENT ON COLUMN v_active_customers.customer_id IS 'Key of the customer.';
COMMENT ON COLUMN v_active_customers.public_id IS 'Public identifier of the customer.';
COMMENT ON COLUMN v_active_customers.email IS 'Contact address.';
COMMENT ON COLUMN v_active_customers.first_name IS 'Given name.';
COMMENT ON COLUMN v_active_customers.last_name IS 'Family name.';
COMMENT ON COLUMN v_active_customers.tier IS 'Loyalty tier.';
COMMENT ON COLUMN v_active_customers.created_at IS 'When the account was opened.';
COMMENT ON COLUMN v_active_customers.default_city IS 'City of the default address, if the customer has one.';
COMMENT ON COLUMN v_active_customers.default_country_code IS 'Country of the default address, if the customer has one.';

COMMENT ON COLUMN v_active_promotions.promotion_id IS 'Key of the promotion.';
COMMENT ON COLUMN v_active_promotions.code IS 'Code to enter at checkout.';
COMMENT ON COLUMN v_active_promotions.name IS 'Campaign name.';
COMMENT ON COLUMN v_active_promotions.discount_type IS 'Percentage or fixed amount.';
COMMENT ON COLUMN v_active_promotions.discount_value IS 'Percent or amount, per discount_type.';
COMMENT ON COLUMN v_active_promotions.min_order_amount IS 'Smallest subtotal the code applies to.';
COMMENT ON COLUMN v_active_promotions.category_id IS 'Category the campaign advertises, if any.';
COMMENT ON COLUMN v_active_promotions.start_date IS 'First valid day.';
COMMENT ON COLUMN v_active_promotions.end_date IS 'Day the code stops being valid.';
COMMENT ON COLUMN v_active_promotions.uses_left IS 'Redemptions still available; NULL when unlimited.';

COMMENT ON COLUMN v_category_tree.category_id IS 'Key of the category.';
COMMENT ON COLUMN v_category_tree.parent_category_id IS 'Enclosing category; NULL at the top level.';
COMMENT ON COLUMN v_category_tree.name IS 'Category name.';
COMMENT ON COLUMN v_category_tree.depth IS 'Level in the hierarchy, 1 for a top-level category.';
COMMENT ON COLUMN v_category_tree.path IS 'Names from the root down to this category, joined by '' > ''.';

COMMENT ON COLUMN v_customer_order_summary.customer_id IS 'Key of the customer.';
COMMENT ON COLUMN v_customer_order_summary.email IS 'Contact address.';
COMMENT ON COLUMN v_customer_order_summary.tier IS 'Loyalty tier.';
COMMENT ON COLUMN v_customer_order_summary.order_count IS 'Orders placed, in any state.';
COMMENT ON COLUMN v_customer_order_summary.total_spent IS 'Sum of total_amount over orders neither cancelled nor returned.';
COMMENT ON COLUMN v_customer_order_summary.last_order_date IS 'Day of the latest order; NULL without orders.';

COMMENT ON COLUMN v_low_stock_products.product_id IS 'Key of the product.';
COMMENT ON COLUMN v_low_stock_products.sku IS 'Stock keeping unit.';
COMMENT ON COLUMN v_low_stock_products.name IS 'Product name.';
COMMENT ON COLUMN v_low_stock_products.warehouse_code IS 'Warehouse holding the stock.';
COMMENT ON COLUMN v_low_stock_products.quantity_available IS 'Units on hand.';
COMMENT ON COLUMN v_low_stock_products.quantity_reserved IS 'Units promised to open orders.';
COMMENT ON COLUMN v_low_stock_products.free_stock IS 'quantity_available - quantity_reserved.';
COMMENT ON COLUMN v_low_stock_products.reorder_level IS 'Free stock at or below which to reorder.';
COMMENT ON COLUMN v_low_stock_products.last_restocked_at IS 'When stock was last replenished.';

COMMENT ON COLUMN v_order_details.order_id IS 'Key of the order.';
COMMENT ON COLUMN v_order_details.order_number IS 'Printed order reference, ORD- and the zero-padded key.';
COMMENT ON COLUMN v_order_details.order_date IS 'Day the order was placed.';
COMMENT ON COLUMN v_order_details.status IS 'Life-cycle state.';
COMMENT ON COLUMN v_order_details.payment_status IS 'Payment outcome.';
COMMENT ON COLUMN v_order_details.customer_id IS 'Ordering customer.';
COMMENT ON COLUMN v_order_details.customer_name IS 'First and last name of the customer.';
COMMENT ON COLUMN v_order_details.customer_email IS 'Contact address of the customer.';
COMMENT ON COLUMN v_order_details.subtotal IS 'Sum of the line totals.';
COMMENT ON COLUMN v_order_details.tax IS 'Sales tax.';
COMMENT ON COLUMN v_order_details.shipping IS 'Shipping fee.';
COMMENT ON COLUMN v_order_details.discount IS 'Promotion discount.';
COMMENT ON COLUMN v_order_details.total_amount IS 'Amount payable.';
COMMENT ON COLUMN v_order_details.item_count IS 'Number of order lines.';
COMMENT ON COLUMN v_order_details.ship_to_city IS 'City of the shipping address.';
COMMENT ON COLUMN v_order_details.ship_to_country_code IS 'Country of the shipping address.';

COMMENT ON COLUMN v_order_items_detailed.order_id IS 'Order of the line.';
COMMENT ON COLUMN v_order_items_detailed.line_number IS 'Position within the order.';
COMMENT ON COLUMN v_order_items_detailed.product_id IS 'Product ordered.';
COMMENT ON COLUMN v_order_items_detailed.sku IS 'Stock keeping unit.';
COMMENT ON COLUMN v_order_items_detailed.product_name IS 'Name when ordered (current name if not recorded).';
COMMENT ON COLUMN v_order_items_detailed.category_name IS 'Category of the product.';
COMMENT ON COLUMN v_order_items_detailed.quantity IS 'Units ordered.';
COMMENT ON COLUMN v_order_items_detailed.unit_price IS 'Price of one unit when ordered.';
COMMENT ON COLUMN v_order_items_detailed.discount_amount IS 'Discount on the line.';
COMMENT ON COLUMN v_order_items_detailed.line_total IS 'quantity * unit_price - discount_amount.';
COMMENT ON COLUMN v_order_items_detailed.line_margin IS 'line_total minus the units at today''s cost price.';

COMMENT ON COLUMN v_pending_shipments.order_id IS 'Key of the order.';
COMMENT ON COLUMN v_pending_shipments.order_number IS 'Printed order reference.';
COMMENT ON COLUMN v_pending_shipments.order_date IS 'Day the order was placed.';
COMMENT ON COLUMN v_pending_shipments.customer_id IS 'Ordering customer.';
COMMENT ON COLUMN v_pending_shipments.total_amount IS 'Amount paid.';
COMMENT ON COLUMN v_pending_shipments.updated_at IS 'Row version, to pass to ship_order().';
COMMENT ON COLUMN v_pending_shipments.line1 IS 'Street line of the shipping address.';
COMMENT ON COLUMN v_pending_shipments.city IS 'City of the shipping address.';
COMMENT ON COLUMN v_pending_shipments.postal_code IS 'Postal code of the shipping address.';
COMMENT ON COLUMN v_pending_shipments.country_code IS 'Country of the shipping address.';
COMMENT ON COLUMN v_pending_shipments.days_waiting IS 'Days since the order was placed.';

COMMENT ON COLUMN v_product_catalog.product_id IS 'Key of the product.';
COMMENT ON COLUMN v_product_catalog.public_id IS 'Public identifier of the product.';
COMMENT ON COLUMN v_product_catalog.sku IS 'Stock keeping unit.';
COMMENT ON COLUMN v_product_catalog.name IS 'Product name.';
COMMENT ON COLUMN v_product_catalog.brand IS 'Brand.';
COMMENT ON COLUMN v_product_catalog.unit_price IS 'Selling price.';
COMMENT ON COLUMN v_product_catalog.category_id IS 'Category of the product.';
COMMENT ON COLUMN v_product_catalog.category_name IS 'Name of the category.';
COMMENT ON COLUMN v_product_catalog.free_stock IS 'Units that can still be sold (0 without a stock record).';
COMMENT ON COLUMN v_product_catalog.average_rating IS 'Mean rating of published reviews.';
COMMENT ON COLUMN v_product_catalog.review_count IS 'Number of published reviews.';

COMMENT ON COLUMN mv_category_performance.category_id IS 'Key of the category.';
COMMENT ON COLUMN mv_category_performance.category_name IS 'Category name.';
COMMENT ON COLUMN mv_category_performance.parent_category_id IS 'Enclosing category.';
COMMENT ON COLUMN mv_category_performance.product_count IS 'Products listed in the category.';
COMMENT ON COLUMN mv_category_performance.units_sold IS 'Units sold in orders neither cancelled nor returned.';
COMMENT ON COLUMN mv_category_performance.revenue IS 'Line totals of those units.';
COMMENT ON COLUMN mv_category_performance.gross_margin IS 'Revenue minus the units at current cost.';
COMMENT ON COLUMN mv_category_performance.average_rating IS 'Mean of the products'' average ratings.';

COMMENT ON COLUMN mv_customer_analytics.customer_id IS 'Key of the customer.';
COMMENT ON COLUMN mv_customer_analytics.tier IS 'Loyalty tier.';
COMMENT ON COLUMN mv_customer_analytics.order_count IS 'Orders neither cancelled nor returned.';
COMMENT ON COLUMN mv_customer_analytics.lifetime_value IS 'Sum of their total_amount.';
COMMENT ON COLUMN mv_customer_analytics.average_order_value IS 'Mean total_amount of those orders.';
COMMENT ON COLUMN mv_customer_analytics.first_order_date IS 'Day of the first order.';
COMMENT ON COLUMN mv_customer_analytics.last_order_date IS 'Day of the latest order.';
COMMENT ON COLUMN mv_customer_analytics.review_count IS 'Reviews written.';

COMMENT ON COLUMN mv_customer_segments.customer_id IS 'Key of the customer.';
COMMENT ON COLUMN mv_customer_segments.recency_days IS 'Days between the last order and the day after the latest order in the data.';
COMMENT ON COLUMN mv_customer_segments.frequency IS 'Orders neither cancelled nor returned.';
COMMENT ON COLUMN mv_customer_segments.monetary IS 'Their total amount.';
COMMENT ON COLUMN mv_customer_segments.recency_score IS '1-5 quintile of recency (5 = most recent).';
COMMENT ON COLUMN mv_customer_segments.frequency_score IS '1-5 quintile of frequency (5 = most orders).';
COMMENT ON COLUMN mv_customer_segments.monetary_score IS '1-5 quintile of monetary value (5 = highest spend).';
COMMENT ON COLUMN mv_customer_segments.rfm_score IS 'The three scores as one code, e.g. 545.';
COMMENT ON COLUMN mv_customer_segments.segment IS 'Named segment: champions, loyal, recent, at_risk, hibernating or needs_attention.';

COMMENT ON COLUMN mv_daily_sales.sales_date IS 'Calendar day.';
COMMENT ON COLUMN mv_daily_sales.order_count IS 'Orders placed that day (not cancelled or returned).';
COMMENT ON COLUMN mv_daily_sales.customer_count IS 'Distinct customers ordering that day.';
COMMENT ON COLUMN mv_daily_sales.gross_sales IS 'Sum of subtotals.';
COMMENT ON COLUMN mv_daily_sales.discounts IS 'Sum of discounts.';
COMMENT ON COLUMN mv_daily_sales.revenue IS 'Sum of total_amount.';
COMMENT ON COLUMN mv_daily_sales.average_order_value IS 'Mean total_amount.';

COMMENT ON COLUMN mv_inventory_status.product_id IS 'Key of the product.';
COMMENT ON COLUMN mv_inventory_status.warehouse_code IS 'Warehouse holding the stock.';
COMMENT ON COLUMN mv_inventory_status.quantity_available IS 'Units on hand.';
COMMENT ON COLUMN mv_inventory_status.quantity_reserved IS 'Units promised to open orders.';
COMMENT ON COLUMN mv_inventory_status.free_stock IS 'quantity_available - quantity_reserved.';
COMMENT ON COLUMN mv_inventory_status.reorder_level IS 'Free stock at or below which to reorder.';
COMMENT ON COLUMN mv_inventory_status.units_last_90_days IS 'Units sold in the last 90 days of the data.';
COMMENT ON COLUMN mv_inventory_status.days_of_cover IS 'Days the free stock lasts at the recent sales rate; NULL without recent sales.';
COMMENT ON COLUMN mv_inventory_status.stock_status IS 'out_of_stock, reorder or in_stock.';

COMMENT ON COLUMN mv_monthly_revenue.month IS 'First day of the month.';
COMMENT ON COLUMN mv_monthly_revenue.order_count IS 'Orders placed in the month (not cancelled or returned).';
COMMENT ON COLUMN mv_monthly_revenue.customer_count IS 'Distinct customers ordering in the month.';
COMMENT ON COLUMN mv_monthly_revenue.revenue IS 'Sum of total_amount.';
COMMENT ON COLUMN mv_monthly_revenue.discounts IS 'Sum of discounts.';
COMMENT ON COLUMN mv_monthly_revenue.previous_month_revenue IS 'Revenue of the month before.';
COMMENT ON COLUMN mv_monthly_revenue.growth_percent IS 'Month-over-month revenue change in percent.';

COMMENT ON COLUMN mv_product_performance.product_id IS 'Key of the product.';
COMMENT ON COLUMN mv_product_performance.category_id IS 'Category of the product.';
COMMENT ON COLUMN mv_product_performance.units_sold IS 'Units sold in orders neither cancelled nor returned.';
COMMENT ON COLUMN mv_product_performance.order_count IS 'Orders containing the product.';
COMMENT ON COLUMN mv_product_performance.revenue IS 'Line totals of the units sold.';
COMMENT ON COLUMN mv_product_performance.gross_margin IS 'Revenue minus the units at current cost.';
COMMENT ON COLUMN mv_product_performance.average_rating IS 'Mean rating of all its reviews.';
COMMENT ON COLUMN mv_product_performance.review_count IS 'Number of reviews.';
