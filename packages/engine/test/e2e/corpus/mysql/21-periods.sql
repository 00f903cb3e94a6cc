-- Application-time periods (issue 11, item 6): PERIOD FOR with DATE and DATETIME columns, a
-- UNIQUE key WITHOUT OVERLAPS, a bitemporal table. Sources: MariaDB KB "Application-Time Periods"
-- (PERIOD FOR, WITHOUT OVERLAPS, FOR PORTION OF), "Bitemporal Tables".
SET NAMES utf8mb4;

CREATE TABLE bookings (
  room INT NOT NULL,
  guest VARCHAR(20),
  checkin DATE NOT NULL,
  checkout DATE NOT NULL,
  PERIOD FOR stay (checkin, checkout),
  UNIQUE KEY room_free (room, stay WITHOUT OVERLAPS)
);
INSERT INTO bookings VALUES (1, 'ann', '2024-01-01', '2024-01-05'), (1, 'bob', '2024-01-05', '2024-01-07'), (2, 'cy', '2024-01-02', '2024-01-09');
UPDATE bookings FOR PORTION OF stay FROM '2024-01-03' TO '2024-01-04' SET guest = 'dee' WHERE room = 2;

CREATE TABLE prices_valid (
  item INT NOT NULL,
  price DECIMAL(8,2),
  valid_from DATETIME(3) NOT NULL,
  valid_to DATETIME(3) NOT NULL,
  PERIOD FOR valid (valid_from, valid_to)
);
INSERT INTO prices_valid VALUES (1, 9.99, '2024-01-01 00:00:00.000', '2024-06-01 00:00:00.000');

CREATE TABLE bitemporal (
  id INT NOT NULL,
  v INT,
  d_from DATE NOT NULL,
  d_to DATE NOT NULL,
  PERIOD FOR app (d_from, d_to),
  UNIQUE KEY id_app (id, app WITHOUT OVERLAPS)
) WITH SYSTEM VERSIONING;
INSERT INTO bitemporal VALUES (1, 1, '2024-01-01', '2025-01-01');
UPDATE bitemporal SET v = 2 WHERE id = 1;
