-- Oracle-mode packages (issue 11, item 8): a PACKAGE and its PACKAGE BODY with public and private
-- routines and package variables, created under sql_mode=ORACLE. Sources: MariaDB KB
-- "CREATE PACKAGE", "CREATE PACKAGE BODY", "SQL_MODE=ORACLE".
SET NAMES utf8mb4;
SET SESSION sql_mode = ORACLE;
CREATE TABLE pkg_log (n INT, msg VARCHAR(40) CHARACTER SET utf8mb4);
DELIMITER $$
CREATE PACKAGE billing AS
  FUNCTION fee(amount INT) RETURN INT;
  PROCEDURE charge(amount INT);
END;
$$
CREATE PACKAGE BODY billing AS
  rate INT := 3;
  FUNCTION private_round(x INT) RETURN INT AS BEGIN RETURN x - MOD(x, 1); END;
  FUNCTION fee(amount INT) RETURN INT AS BEGIN RETURN private_round(amount * rate); END;
  PROCEDURE charge(amount INT) AS BEGIN INSERT INTO pkg_log VALUES (fee(amount), 'charged 💳'); END;
END;
$$
CREATE PACKAGE header_only AS
  FUNCTION answer RETURN INT;
END;
$$
DELIMITER ;
SET SESSION sql_mode = DEFAULT;
