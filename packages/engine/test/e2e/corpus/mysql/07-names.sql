-- Odd identifiers: backticks, spaces, dots, quotes and unicode in names, reserved words, names that
-- differ only in case (the server here is case sensitive), long names, a routine and a trigger on
-- such tables. Sources: MariaDB KB "Identifier Names", "Identifier Case-sensitivity".
SET NAMES utf8mb4;

CREATE TABLE `tick``tock` (`col``x` INT PRIMARY KEY, `a b` VARCHAR(5), `dot.ted` INT, `quo"te` INT, `it's` INT);
INSERT INTO `tick``tock` VALUES (1, 'sp', 2, 3, 4), (2, NULL, NULL, NULL, NULL);

CREATE TABLE `with space` (`select` INT PRIMARY KEY, `from` VARCHAR(5), `order` INT, KEY `key with space` (`order`));
INSERT INTO `with space` VALUES (1, 'x', 2), (2, 'y', 1);

CREATE TABLE `ünïcödé_表` (`ключ` INT PRIMARY KEY, `値` VARCHAR(10) CHARACTER SET utf8mb4, `ёлка_€` INT);
INSERT INTO `ünïcödé_表` VALUES (1, '一', 1), (2, 'ニ', NULL);

CREATE TABLE Mixed (id INT PRIMARY KEY, v CHAR(1));
CREATE TABLE mixed (id INT PRIMARY KEY, v CHAR(1));
CREATE TABLE MIXED (id INT PRIMARY KEY, v CHAR(1));
INSERT INTO Mixed VALUES (1, 'M');
INSERT INTO mixed VALUES (1, 'm'), (2, 'm');
INSERT INTO MIXED VALUES (3, 'U');

CREATE TABLE `1starts_with_digit` (`123` INT PRIMARY KEY, `$dollar` INT);
INSERT INTO `1starts_with_digit` VALUES (1, 2);

CREATE TABLE a_table_name_that_is_exactly_sixty_four_characters_long_abcdefgh (id INT PRIMARY KEY, a_column_name_that_is_exactly_sixty_four_characters_long_abcdef INT);
INSERT INTO a_table_name_that_is_exactly_sixty_four_characters_long_abcdefgh VALUES (1, 1);

CREATE TABLE `fk parent` (`the id` INT PRIMARY KEY);
CREATE TABLE `fk child` (id INT PRIMARY KEY, `parent id` INT, CONSTRAINT `fk: odd name` FOREIGN KEY (`parent id`) REFERENCES `fk parent` (`the id`));
INSERT INTO `fk parent` VALUES (1);
INSERT INTO `fk child` VALUES (1, 1), (2, NULL);

DELIMITER $$
CREATE PROCEDURE `proc with space`(IN `in param` INT) SELECT `in param` + 1 AS `result col`$$
CREATE FUNCTION `Fn`() RETURNS INT RETURN 1$$
CREATE TRIGGER `trg ``quoted``` BEFORE INSERT ON `with space` FOR EACH ROW SET NEW.`from` = UPPER(NEW.`from`)$$
CREATE EVENT `event ëvent` ON SCHEDULE EVERY 1 WEEK STARTS '2031-01-01 00:00:00' DISABLE DO DELETE FROM `with space` WHERE `select` < 0$$
DELIMITER ;
CREATE VIEW `view of ``tick``` AS SELECT `col``x` AS `c x`, `a b` FROM `tick``tock`;
CREATE VIEW `Mixed view` AS SELECT m.id, m.v AS upper_v, l.v AS lower_v FROM Mixed m JOIN mixed l ON l.id = m.id;
