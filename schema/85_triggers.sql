-- Triggers: updated_at maintenance with optimistic locking, order totals, the order state machine,
-- the audit trail on orders and the append-only guard on audit_log.

CREATE TRIGGER trg_customers_touch_updated_at BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_addresses_touch_updated_at BEFORE UPDATE ON addresses
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_product_categories_touch_updated_at BEFORE UPDATE ON product_categories
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_products_touch_updated_at BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_inventory_touch_updated_at BEFORE UPDATE ON inventory
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_orders_touch_updated_at BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_order_items_touch_updated_at BEFORE UPDATE ON order_items
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_promotions_touch_updated_at BEFORE UPDATE ON promotions
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_reviews_touch_updated_at BEFORE UPDATE ON reviews
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- orders: state machine first (alphabetical firing order among BEFORE triggers), then the total.
CREATE TRIGGER trg_orders_a_status_transition BEFORE UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_enforce_status_transition();
CREATE TRIGGER trg_orders_b_compute_total BEFORE INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_compute_total();

CREATE TRIGGER trg_orders_audit AFTER INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION audit_orders();

CREATE TRIGGER trg_order_items_totals_insert AFTER INSERT ON order_items
    REFERENCING NEW TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION order_items_refresh_order_totals();
CREATE TRIGGER trg_order_items_totals_update AFTER UPDATE ON order_items
    REFERENCING OLD TABLE AS previous_lines NEW TABLE AS changed_lines
    FOR EACH STATEMENT EXECUTE FUNCTION order_items_refresh_order_totals();
CREATE TRIGGER trg_order_items_totals_delete AFTER DELETE ON order_items
    REFERENCING OLD TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION order_items_refresh_order_totals();

CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
