-- Programs and views: procedures and functions (with characteristics, comments, an AGGREGATE
-- function), triggers in an order set with FOLLOWS / PRECEDES, events (recurring and one-time,
-- enabled and disabled, ON COMPLETION PRESERVE), views with DEFINER, SQL SECURITY, ALGORITHM and
-- CHECK OPTION, emoji in every body, objects created under different sql_modes.
-- Sources: MariaDB KB "CREATE PROCEDURE", "CREATE FUNCTION", "Stored Aggregate Functions",
-- "CREATE TRIGGER" (FOLLOWS / PRECEDES), "CREATE EVENT", "CREATE VIEW".
SET NAMES utf8mb4;

CREATE TABLE ledger (id INT PRIMARY KEY AUTO_INCREMENT, amount INT NOT NULL, note VARCHAR(50) CHARACTER SET utf8mb4, tag VARCHAR(20) CHARACTER SET utf8mb4);
CREATE TABLE audit (n INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(100) CHARACTER SET utf8mb4);
INSERT INTO ledger (amount, note) VALUES (10, 'first'), (-5, 'refund'), (7, NULL);

DELIMITER $$
CREATE DEFINER = `root`@`localhost` PROCEDURE add_entry(IN amt INT, INOUT total INT, OUT msg VARCHAR(50))
  MODIFIES SQL DATA
  SQL SECURITY INVOKER
  COMMENT 'adds one row 📒'
BEGIN
  DECLARE done INT DEFAULT 0;
  INSERT INTO ledger (amount, note) VALUES (amt, CONCAT('via proc ', '✅'));
  SET total = total + amt;
  SET msg = IF(amt < 0, 'negative 🔻', 'positive 🔺');
END$$

CREATE FUNCTION balance() RETURNS INT
  READS SQL DATA
  DETERMINISTIC
BEGIN
  RETURN (SELECT COALESCE(SUM(amount), 0) FROM ledger);
END$$

CREATE FUNCTION greet(who VARCHAR(20) CHARSET utf8mb4) RETURNS VARCHAR(40) CHARSET utf8mb4 NO SQL
  RETURN CONCAT('👋 hello, ', who)$$

CREATE AGGREGATE FUNCTION agg_max_abs(x INT) RETURNS INT
BEGIN
  DECLARE best INT DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN best;
  LOOP
    FETCH GROUP NEXT ROW;
    IF best IS NULL OR ABS(x) > best THEN SET best = ABS(x); END IF;
  END LOOP;
END$$

CREATE PROCEDURE no_args() SELECT 'no args, 🚫 body' AS said$$

CREATE TRIGGER t_second BEFORE INSERT ON ledger FOR EACH ROW
  SET NEW.tag = CONCAT(COALESCE(NEW.tag, ''), '2')$$
CREATE TRIGGER t_third BEFORE INSERT ON ledger FOR EACH ROW FOLLOWS t_second
  SET NEW.tag = CONCAT(NEW.tag, '3')$$
CREATE TRIGGER t_first BEFORE INSERT ON ledger FOR EACH ROW PRECEDES t_second
  SET NEW.tag = CONCAT(COALESCE(NEW.tag, ''), '1🥇')$$
CREATE DEFINER = `root`@`localhost` TRIGGER t_audit AFTER UPDATE ON ledger FOR EACH ROW
BEGIN
  IF NEW.amount <> OLD.amount THEN
    INSERT INTO audit (what) VALUES (CONCAT('amount ', OLD.amount, ' → ', NEW.amount, ' 📝'));
  END IF;
END$$
CREATE TRIGGER t_delete BEFORE DELETE ON ledger FOR EACH ROW INSERT INTO audit (what) VALUES ('deleted 🗑')$$

CREATE EVENT ev_daily ON SCHEDULE EVERY 1 DAY STARTS '2031-01-01 03:00:00' ENDS '2032-01-01 00:00:00'
  ON COMPLETION PRESERVE DISABLE COMMENT 'daily 🌙'
  DO INSERT INTO audit (what) VALUES ('daily 🌙')$$
CREATE EVENT ev_once ON SCHEDULE AT '2035-06-01 12:00:00' ON COMPLETION PRESERVE ENABLE
  DO BEGIN
    UPDATE ledger SET amount = amount + 1 WHERE id = 1;
    INSERT INTO audit (what) VALUES ('once ⏰');
  END$$
CREATE DEFINER = `root`@`localhost` EVENT ev_minutely ON SCHEDULE EVERY 90 MINUTE STARTS '2031-01-01 00:00:00' DISABLE ON SLAVE
  DO DELETE FROM audit WHERE n < 0$$
DELIMITER ;

CREATE DEFINER = `root`@`localhost` SQL SECURITY INVOKER VIEW v_invoker AS SELECT id, amount, note FROM ledger WHERE amount > 0;
CREATE ALGORITHM = MERGE DEFINER = `root`@`localhost` SQL SECURITY DEFINER VIEW v_checked AS
  SELECT id, amount FROM ledger WHERE amount >= 0 WITH CASCADED CHECK OPTION;
CREATE ALGORITHM = TEMPTABLE VIEW v_totals (total, n, biggest) AS SELECT SUM(amount), COUNT(*), agg_max_abs(amount) FROM ledger;
CREATE VIEW v_on_view AS SELECT total * 2 AS twice, '🎯' AS target FROM v_totals;
CREATE VIEW v_local AS SELECT id, amount FROM v_checked WHERE amount < 100 WITH LOCAL CHECK OPTION;
CREATE VIEW v_calls AS SELECT greet('view') AS g, balance() AS b;

SET SESSION sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT,NO_BACKSLASH_ESCAPES';
CREATE FUNCTION ansi_concat(a VARCHAR(10), b VARCHAR(10)) RETURNS VARCHAR(20) DETERMINISTIC RETURN a || '\' || b;
CREATE VIEW "v_ansi" AS SELECT 'x' || 'y' AS xy;
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES';
CREATE TRIGGER t_lenient BEFORE UPDATE ON audit FOR EACH ROW SET NEW.what = CONCAT(NEW.what, '');
SET SESSION sql_mode = DEFAULT;
