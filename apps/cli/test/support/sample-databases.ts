import { mysql, postgres } from '../../../../test-support/sql-clients.js';

// Trimmed, generated stand-ins for the sample databases people try first: the tables and column
// types of MySQL's Sakila and employees databases (MariaDB) and of PostgreSQL's Pagila, with their
// keys, indexes, AUTO_INCREMENT / serial columns, comments, views, routines and triggers, and rows
// made by SQL (no data files in the repository). Row counts are small enough for a fast test.
// They follow what the real ones have that a move must handle (checked by hand against the real
// schemas and data): Pagila's sequences without OWNED BY that feed a column's nextval() default,
// its payment table partitioned by month, a generated column, a materialized view with an index;
// employees' composite keys, CHAR keys, ENUM, views and routines; Sakila's SET, YEAR, FULLTEXT,
// ON UPDATE CURRENT_TIMESTAMP and triggers. Session 9 loaded the real ones again (Sakila's MariaDB
// schema and data, a subset of employees, Pagila) and moved them with the code of the day; what that
// showed is here too: Sakila's SPATIAL index and utf8mb3 tables, Pagila's foreign keys declared on
// its partitions (not on payment itself) and a domain with a non-ASCII name.

/** Sakila's core tables and the employees tables, in one MariaDB database. */
export function createSakilaLike(db: string): void {
  mysql.createDatabase(db);
  mysql.exec(
    db,
    `SET NAMES utf8mb4;
ALTER DATABASE \`${db}\` CHARACTER SET utf8mb4;
CREATE TABLE country (country_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, country VARCHAR(50) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP) CHARACTER SET utf8mb3;
CREATE TABLE city (city_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, city VARCHAR(50) NOT NULL, country_id SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, KEY idx_fk_country_id (country_id),
  CONSTRAINT fk_city_country FOREIGN KEY (country_id) REFERENCES country (country_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE address (address_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, address VARCHAR(50) NOT NULL, address2 VARCHAR(50) DEFAULT NULL,
  district VARCHAR(20) NOT NULL, city_id SMALLINT UNSIGNED NOT NULL, postal_code VARCHAR(10) DEFAULT NULL, phone VARCHAR(20) NOT NULL, location GEOMETRY NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, KEY idx_fk_city_id (city_id), SPATIAL KEY idx_location (location),
  CONSTRAINT fk_address_city FOREIGN KEY (city_id) REFERENCES city (city_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE language (language_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name CHAR(20) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);
CREATE TABLE actor (actor_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, KEY idx_actor_last_name (last_name));
CREATE TABLE film (film_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(128) NOT NULL, description TEXT DEFAULT NULL,
  release_year YEAR DEFAULT NULL, language_id TINYINT UNSIGNED NOT NULL, original_language_id TINYINT UNSIGNED DEFAULT NULL,
  rental_duration TINYINT UNSIGNED NOT NULL DEFAULT 3, rental_rate DECIMAL(4,2) NOT NULL DEFAULT 4.99, length SMALLINT UNSIGNED DEFAULT NULL,
  replacement_cost DECIMAL(5,2) NOT NULL DEFAULT 19.99, rating ENUM('G','PG','PG-13','R','NC-17') DEFAULT 'G',
  special_features SET('Trailers','Commentaries','Deleted Scenes','Behind the Scenes') DEFAULT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, KEY idx_title (title),
  KEY idx_fk_language_id (language_id), KEY idx_fk_original_language_id (original_language_id),
  CONSTRAINT fk_film_language FOREIGN KEY (language_id) REFERENCES language (language_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_film_language_original FOREIGN KEY (original_language_id) REFERENCES language (language_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE film_actor (actor_id SMALLINT UNSIGNED NOT NULL, film_id SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (actor_id, film_id), KEY idx_fk_film_id (film_id),
  CONSTRAINT fk_film_actor_actor FOREIGN KEY (actor_id) REFERENCES actor (actor_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_film_actor_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE film_text (film_id SMALLINT NOT NULL PRIMARY KEY, title VARCHAR(255) NOT NULL, description TEXT, FULLTEXT KEY idx_title_description (title, description));
CREATE TABLE staff (staff_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
  address_id SMALLINT UNSIGNED NOT NULL, picture BLOB DEFAULT NULL, email VARCHAR(50) DEFAULT NULL, store_id TINYINT UNSIGNED NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE, username VARCHAR(16) NOT NULL, password VARCHAR(40) BINARY DEFAULT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, KEY idx_fk_store_id (store_id), KEY idx_fk_address_id (address_id),
  CONSTRAINT fk_staff_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE store (store_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, manager_staff_id TINYINT UNSIGNED NOT NULL, address_id SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, UNIQUE KEY idx_unique_manager (manager_staff_id), KEY idx_fk_address_id (address_id),
  CONSTRAINT fk_store_staff FOREIGN KEY (manager_staff_id) REFERENCES staff (staff_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_store_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE customer (customer_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, store_id TINYINT UNSIGNED NOT NULL, first_name VARCHAR(45) NOT NULL,
  last_name VARCHAR(45) NOT NULL, email VARCHAR(50) DEFAULT NULL, address_id SMALLINT UNSIGNED NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE,
  create_date DATETIME NOT NULL, last_update TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY idx_fk_store_id (store_id), KEY idx_fk_address_id (address_id), KEY idx_last_name (last_name),
  CONSTRAINT fk_customer_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_customer_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE RESTRICT ON UPDATE CASCADE) COMMENT 'customers of the stores';
CREATE TABLE rental (rental_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, rental_date DATETIME NOT NULL, inventory_id MEDIUMINT UNSIGNED NOT NULL,
  customer_id SMALLINT UNSIGNED NOT NULL, return_date DATETIME DEFAULT NULL, staff_id TINYINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, UNIQUE KEY (rental_date, inventory_id, customer_id),
  KEY idx_fk_customer_id (customer_id),
  CONSTRAINT fk_rental_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE payment (payment_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id SMALLINT UNSIGNED NOT NULL, staff_id TINYINT UNSIGNED NOT NULL,
  rental_id INT DEFAULT NULL, amount DECIMAL(5,2) NOT NULL, payment_date DATETIME NOT NULL, last_update TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT fk_payment_rental FOREIGN KEY (rental_id) REFERENCES rental (rental_id) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT fk_payment_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE employees (emp_no INT NOT NULL PRIMARY KEY, birth_date DATE NOT NULL, first_name VARCHAR(14) NOT NULL, last_name VARCHAR(16) NOT NULL,
  gender ENUM('M','F') NOT NULL, hire_date DATE NOT NULL);
CREATE TABLE salaries (emp_no INT NOT NULL, salary INT NOT NULL, from_date DATE NOT NULL, to_date DATE NOT NULL, PRIMARY KEY (emp_no, from_date),
  CONSTRAINT salaries_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE);
CREATE TABLE departments (dept_no CHAR(4) NOT NULL PRIMARY KEY, dept_name VARCHAR(40) NOT NULL, UNIQUE KEY (dept_name));
CREATE TABLE dept_manager (emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL, to_date DATE NOT NULL,
  FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE, FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE, PRIMARY KEY (emp_no, dept_no));
CREATE TABLE dept_emp (emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL, to_date DATE NOT NULL,
  FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE, FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE, PRIMARY KEY (emp_no, dept_no));
CREATE TABLE titles (emp_no INT NOT NULL, title VARCHAR(50) NOT NULL, from_date DATE NOT NULL, to_date DATE,
  FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE, PRIMARY KEY (emp_no, title, from_date));

INSERT INTO country (country) SELECT CONCAT('Country ', seq, IF(seq % 10 = 0, ' Côte', '')) FROM seq_1_to_109;
INSERT INTO city (city, country_id) SELECT CONCAT('City ', seq, IF(seq % 7 = 0, ' Ä', '')), 1 + seq % 109 FROM seq_1_to_600;
INSERT INTO address (address, address2, district, city_id, postal_code, phone, location)
  SELECT CONCAT(seq, ' Main Street'), IF(seq % 3 = 0, NULL, ''), 'District', 1 + seq % 600, IF(seq % 5 = 0, NULL, LPAD(seq, 5, '0')), CONCAT('555', seq), POINT(seq / 10, -seq / 7) FROM seq_1_to_603;
INSERT INTO language (name) VALUES ('English'), ('Italian'), ('Japanese'), ('Mandarin'), ('French'), ('German');
INSERT INTO actor (first_name, last_name) SELECT CONCAT('FIRST', seq), CONCAT('LAST', seq % 120) FROM seq_1_to_200;
INSERT INTO film (title, description, release_year, language_id, original_language_id, rental_duration, rental_rate, length, replacement_cost, rating, special_features)
  SELECT CONCAT('FILM ', seq), IF(seq % 11 = 0, NULL, CONCAT('A story of ', seq, ' things\\nand tabs\\t')), 2006, 1 + seq % 6, IF(seq % 4 = 0, NULL, 1), 3 + seq % 5,
  ELT(1 + seq % 3, 0.99, 2.99, 4.99), 46 + seq % 140, 9.99 + seq % 21, ELT(1 + seq % 5, 'G','PG','PG-13','R','NC-17'),
  ELT(1 + seq % 4, 'Trailers', 'Commentaries,Deleted Scenes', '', NULL) FROM seq_1_to_1000;
INSERT INTO film_actor (actor_id, film_id) SELECT 1 + seq % 200, 1 + seq DIV 5 FROM seq_0_to_4994;
INSERT INTO film_text SELECT film_id, title, description FROM film;
INSERT INTO staff (first_name, last_name, address_id, picture, email, store_id, active, username, password) VALUES
  ('Mike', 'Hillyer', 3, X'89504E470D0A1A0A0000', 'Mike.Hillyer@sakilastaff.com', 1, 1, 'Mike', '8cb2237d0679ca88db6464eac60da96345513964'),
  ('Jon', 'Stephens', 4, NULL, 'Jon.Stephens@sakilastaff.com', 2, 1, 'Jon', NULL);
INSERT INTO store (manager_staff_id, address_id) VALUES (1, 1), (2, 2);
INSERT INTO customer (store_id, first_name, last_name, email, address_id, active, create_date)
  SELECT 1 + seq % 2, CONCAT('CUST', seq), CONCAT('NAME', seq % 300), CONCAT('c', seq, '@example.org'), 5 + seq % 598, seq % 20 <> 0, '2006-02-14 22:04:36' FROM seq_1_to_599;
INSERT INTO rental (rental_date, inventory_id, customer_id, return_date, staff_id)
  SELECT '2005-05-24 22:53:30' + INTERVAL seq MINUTE, 1 + seq % 4581, 1 + seq % 599, IF(seq % 50 = 0, NULL, '2005-05-26 22:04:30' + INTERVAL seq MINUTE), 1 + seq % 2 FROM seq_1_to_3000;
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
  SELECT 1 + seq % 599, 1 + seq % 2, IF(seq % 100 = 0, NULL, seq), ELT(1 + seq % 4, 0.99, 2.99, 4.99, 11.99), '2005-05-25 11:30:37' + INTERVAL seq MINUTE FROM seq_1_to_3000;
INSERT INTO employees SELECT 10000 + seq, '1953-09-02' + INTERVAL seq % 4000 DAY, CONCAT('First', seq), CONCAT('Last', seq), IF(seq % 2 = 0, 'M', 'F'), '1986-06-26' + INTERVAL seq % 5000 DAY FROM seq_1_to_3000;
INSERT INTO salaries SELECT 10000 + e.seq, 40000 + (e.seq * 37 + y.seq * 1000) % 60000, '1990-01-01' + INTERVAL y.seq YEAR, IF(y.seq = 4, '9999-01-01', '1991-01-01' + INTERVAL y.seq YEAR)
  FROM seq_1_to_3000 e, seq_0_to_4 y;
INSERT INTO departments VALUES ('d001', 'Marketing'), ('d002', 'Finance'), ('d003', 'Human Resources'), ('d004', 'Production'), ('d005', 'Development'),
  ('d006', 'Quality Management'), ('d007', 'Sales'), ('d008', 'Research'), ('d009', 'Customer Service');
INSERT INTO dept_manager SELECT 10000 + seq * 100, CONCAT('d00', 1 + seq % 9), '1985-01-01' + INTERVAL seq YEAR, IF(seq >= 15, '9999-01-01', '1986-01-01' + INTERVAL seq YEAR) FROM seq_1_to_24;
INSERT INTO dept_emp SELECT emp_no, CONCAT('d00', 1 + emp_no % 9), hire_date, IF(emp_no % 5 = 0, hire_date + INTERVAL 3 YEAR, '9999-01-01') FROM employees;
INSERT INTO titles SELECT emp_no, ELT(1 + emp_no % 7, 'Engineer', 'Senior Engineer', 'Staff', 'Senior Staff', 'Assistant Engineer', 'Technique Leader', 'Manager'), hire_date,
  IF(emp_no % 4 = 0, NULL, '9999-01-01') FROM employees;

CREATE VIEW actor_info AS SELECT a.actor_id, a.first_name, a.last_name, COUNT(fa.film_id) AS films FROM actor a LEFT JOIN film_actor fa ON fa.actor_id = a.actor_id GROUP BY a.actor_id;
CREATE VIEW dept_emp_latest_date AS SELECT emp_no, MAX(from_date) AS from_date, MAX(to_date) AS to_date FROM dept_emp GROUP BY emp_no;
CREATE FUNCTION get_customer_balance(p_customer_id INT) RETURNS DECIMAL(5,2) DETERMINISTIC RETURN (SELECT COALESCE(SUM(amount), 0) FROM payment WHERE customer_id = p_customer_id);
CREATE PROCEDURE film_in_stock(IN p_film_id INT) SELECT p_film_id;
CREATE TRIGGER customer_create_date BEFORE INSERT ON customer FOR EACH ROW SET NEW.create_date = NOW();`,
  );
}

/** Pagila's core tables in schema public of a PostgreSQL database. */
export function createPagilaLike(db: string): void {
  postgres.createDatabase(db);
  postgres.exec(
    db,
    `CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN "bıgınt" AS bigint;
CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.last_update = CURRENT_TIMESTAMP; RETURN NEW; END';
CREATE TABLE language (language_id serial PRIMARY KEY, name character(20) NOT NULL, last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE SEQUENCE actor_actor_id_seq;
CREATE TABLE actor (actor_id integer DEFAULT nextval('actor_actor_id_seq'::regclass) NOT NULL PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE INDEX idx_actor_last_name ON actor (last_name);
CREATE TABLE category (category_id serial PRIMARY KEY, name text NOT NULL, last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, description text, release_year year, language_id integer NOT NULL REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  original_language_id integer REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT, rental_duration smallint DEFAULT 3 NOT NULL,
  rental_rate numeric(4,2) DEFAULT 4.99 NOT NULL, length smallint, replacement_cost numeric(5,2) DEFAULT 19.99 NOT NULL, rating mpaa_rating DEFAULT 'G',
  last_update timestamp with time zone DEFAULT now() NOT NULL, special_features text[], fulltext tsvector NOT NULL,
  length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) STORED);
COMMENT ON TABLE film IS 'films in the catalogue';
CREATE INDEX idx_title ON film (title);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);
CREATE TABLE film_actor (actor_id integer NOT NULL REFERENCES actor (actor_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  film_id integer NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamp with time zone DEFAULT now() NOT NULL, PRIMARY KEY (actor_id, film_id));
CREATE INDEX idx_fk_film_id ON film_actor (film_id);
CREATE TABLE film_category (film_id integer NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  category_id integer NOT NULL REFERENCES category (category_id) ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamp with time zone DEFAULT now() NOT NULL, PRIMARY KEY (film_id, category_id));
CREATE TABLE customer (customer_id serial PRIMARY KEY, store_id integer NOT NULL, first_name text NOT NULL, last_name text NOT NULL, email text,
  activebool boolean DEFAULT true NOT NULL, create_date date DEFAULT CURRENT_DATE NOT NULL, last_update timestamp with time zone DEFAULT now(), active integer);
CREATE INDEX idx_last_name ON customer (last_name);
CREATE TABLE staff (staff_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text, store_id integer NOT NULL,
  active boolean DEFAULT true NOT NULL, username text NOT NULL, password text, last_update timestamp with time zone DEFAULT now() NOT NULL, picture bytea);
CREATE TABLE rental (rental_id serial PRIMARY KEY, rental_date timestamp with time zone NOT NULL, inventory_id integer NOT NULL,
  customer_id integer NOT NULL REFERENCES customer (customer_id) ON UPDATE CASCADE ON DELETE RESTRICT, return_date timestamp with time zone,
  staff_id integer NOT NULL REFERENCES staff (staff_id), last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE UNIQUE INDEX idx_unq_rental_rental_date_inventory_id_customer_id ON rental (rental_date, inventory_id, customer_id);
CREATE SEQUENCE payment_payment_id_seq;
CREATE TABLE payment (payment_id integer DEFAULT nextval('payment_payment_id_seq'::regclass) NOT NULL, customer_id integer NOT NULL REFERENCES customer (customer_id),
  staff_id integer NOT NULL REFERENCES staff (staff_id), rental_id integer REFERENCES rental (rental_id) ON DELETE SET NULL, amount numeric(5,2) NOT NULL,
  payment_date timestamp with time zone NOT NULL, PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2022_01 PARTITION OF payment FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
CREATE TABLE payment_p2022_02 PARTITION OF payment FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
ALTER TABLE payment_p2022_01 ADD CONSTRAINT payment_p2022_01_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (customer_id);

INSERT INTO language (name) VALUES ('English'), ('Italian'), ('Japanese'), ('Mandarin'), ('French'), ('German');
INSERT INTO actor (first_name, last_name) SELECT 'FIRST' || i, 'LAST' || (i % 120) FROM generate_series(1, 200) i;
INSERT INTO category (name) SELECT 'Category ' || i FROM generate_series(1, 16) i;
INSERT INTO film (title, description, release_year, language_id, original_language_id, rental_duration, rental_rate, length, replacement_cost, rating, special_features, fulltext)
  SELECT 'FILM ' || i, CASE WHEN i % 11 = 0 THEN NULL ELSE E'A story of ' || i || E' things\\nand tabs\\t' END, 2006, 1 + i % 6, CASE WHEN i % 4 = 0 THEN NULL ELSE 1 END,
  3 + i % 5, (ARRAY[0.99, 2.99, 4.99])[1 + i % 3], 46 + i % 140, 9.99 + i % 21, (ARRAY['G','PG','PG-13','R','NC-17'])[1 + i % 5]::mpaa_rating,
  CASE i % 4 WHEN 0 THEN '{Trailers}' WHEN 1 THEN '{Commentaries,"Deleted Scenes"}' WHEN 2 THEN '{}' ELSE NULL END::text[],
  to_tsvector('simple', 'film ' || i || ' story') FROM generate_series(1, 1000) i;
INSERT INTO film_actor (actor_id, film_id) SELECT 1 + i % 200, 1 + i / 5 FROM generate_series(0, 4994) i;
INSERT INTO film_category SELECT i, 1 + i % 16 FROM generate_series(1, 1000) i;
INSERT INTO customer (store_id, first_name, last_name, email, activebool, create_date, active)
  SELECT 1 + i % 2, 'CUST' || i, 'NAME' || (i % 300), 'c' || i || '@example.org', i % 20 <> 0, '2006-02-14', CASE WHEN i % 20 = 0 THEN 0 ELSE 1 END FROM generate_series(1, 599) i;
INSERT INTO staff (first_name, last_name, email, store_id, active, username, password, picture) VALUES
  ('Mike', 'Hillyer', 'Mike.Hillyer@sakilastaff.com', 1, true, 'Mike', '8cb2237d0679ca88db6464eac60da96345513964', '\\x89504e470d0a1a0a0000'),
  ('Jon', 'Stephens', 'Jon.Stephens@sakilastaff.com', 2, true, 'Jon', NULL, NULL);
INSERT INTO rental (rental_date, inventory_id, customer_id, return_date, staff_id)
  SELECT '2022-05-24 22:53:30+00'::timestamptz + i * interval '1 minute', 1 + i % 4581, 1 + i % 599, CASE WHEN i % 50 = 0 THEN NULL ELSE '2022-05-26 22:04:30.5+02'::timestamptz + i * interval '1 minute' END, 1 + i % 2
  FROM generate_series(1, 3000) i;
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
  SELECT 1 + i % 599, 1 + i % 2, CASE WHEN i % 100 = 0 THEN NULL ELSE i END, (ARRAY[0.99, 2.99, 4.99, 11.99])[1 + i % 4], '2022-01-25 11:30:37.123456+00'::timestamptz + i * interval '5 minutes'
  FROM generate_series(1, 3000) i;
SELECT setval('actor_actor_id_seq', 250);
CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE VIEW actor_info AS SELECT a.actor_id, a.first_name, a.last_name, count(fa.film_id) AS films FROM actor a LEFT JOIN film_actor fa USING (actor_id) GROUP BY a.actor_id;
CREATE MATERIALIZED VIEW rental_by_category AS SELECT c.name AS category, count(*) AS films FROM film_category fc JOIN category c USING (category_id) GROUP BY c.name;
CREATE UNIQUE INDEX rental_category ON rental_by_category (category);
CREATE FUNCTION last_day(timestamp with time zone) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT (date_trunc('month', $1) + interval '1 month' - interval '1 day')::date $$;`,
  );
}
