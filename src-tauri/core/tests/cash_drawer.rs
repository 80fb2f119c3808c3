//! Opening the cash drawer outside a sale: the role check, the manager's approval a
//! cashier needs, the audit row, and the pulse bytes a real loopback printer receives.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use fflow_core::cash::drawer::{
    DrawerOpeningRequest, authorize_drawer_opening, open_drawer_on_printer,
    open_drawer_on_receipt_printer,
};
use fflow_core::people::manager_approval;
use fflow_core::printer_settings::{ReceiptPrinterSettings, save_receipt_printer_settings};
use fflow_devices::escpos::{DrawerPin, drawer_kick_pulse};
use fflow_devices::printer_connection::PrinterConnection;
use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use serialport::SerialPort;
use support::{MANAGER_PIN, Store, closed_port, store, virtual_printer};

/// (actor, approved_by, reason) of every audited drawer opening, oldest first.
fn audited_openings(store: &Store) -> Vec<(String, Option<String>, String)> {
    store
        .database
        .read(|c| {
            let mut statement = c.prepare(
                "SELECT actor_id, approved_by, json_extract(after, '$.reason') FROM audit_log
                 WHERE action = 'cash_drawer.opened' ORDER BY seq",
            )?;
            let rows =
                statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("read the audit log")
}

fn request<'a>(
    user_id: &'a str,
    reason: &'a str,
    approval: Option<&'a fflow_core::people::ManagerApproval>,
) -> DrawerOpeningRequest<'a> {
    DrawerOpeningRequest {
        user_id,
        reason,
        approval,
    }
}

#[test]
fn a_cashier_needs_a_manager_and_every_opening_is_audited() {
    let store = store();
    let refused =
        authorize_drawer_opening(&store.database, &request(&store.cashier.id, "troco", None));
    assert_eq!(
        refused.map_err(|error| error.code()),
        Err("manager_approval_required"),
        "a cashier alone may not open the drawer"
    );
    assert_eq!(
        authorize_drawer_opening(&store.database, &request(&store.manager.id, "  ", None))
            .map_err(|error| error.code()),
        Err("invalid_input"),
        "an opening needs a reason"
    );
    assert_eq!(
        authorize_drawer_opening(&store.database, &request("nobody", "troco", None))
            .map_err(|error| error.code()),
        Err("unknown_user")
    );
    assert!(
        audited_openings(&store).is_empty(),
        "refused requests must not be audited as openings"
    );

    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "drawer")
        .expect("the manager approves");
    let pulse = authorize_drawer_opening(
        &store.database,
        &request(&store.cashier.id, "troco para o cliente", Some(&approval)),
    )
    .expect("a cashier with approval opens it");
    assert_eq!(
        pulse,
        drawer_kick_pulse(DrawerPin::Pin2),
        "the pulse, and nothing else"
    );
    authorize_drawer_opening(
        &store.database,
        &request(&store.manager.id, "contagem", None),
    )
    .expect("a manager opens it alone");
    assert_eq!(
        audited_openings(&store),
        [
            (
                store.cashier.id.clone(),
                Some(store.manager.id.clone()),
                "troco para o cliente".to_owned()
            ),
            (store.manager.id.clone(), None, "contagem".to_owned()),
        ],
        "who, who approved, and why"
    );
}

#[test]
fn the_network_printer_gets_the_pulse_only_for_an_allowed_opening() {
    let store = store();
    let (address, received) = virtual_printer();
    let printer = PrinterConnection::Network { address };
    let refused = open_drawer_on_printer(
        &store.database,
        &request(&store.cashier.id, "troco", None),
        &printer,
    );
    assert_eq!(
        refused.map_err(|error| error.code()),
        Err("manager_approval_required")
    );
    // The printer accepts one connection. If the refused request had connected, its bytes
    // would come first; the probe arriving first proves nothing was sent.
    let mut probe = TcpStream::connect(address).expect("connect the probe");
    probe.write_all(b"probe").expect("send the probe");
    drop(probe);
    assert_eq!(
        received
            .recv_timeout(Duration::from_secs(10))
            .expect("the printer got a job"),
        b"probe",
        "a refused request must not reach the printer"
    );
    assert!(audited_openings(&store).is_empty());

    let (address, received) = virtual_printer();
    let printer = PrinterConnection::Network { address };
    open_drawer_on_printer(
        &store.database,
        &request(&store.manager.id, "troco", None),
        &printer,
    )
    .expect("a manager opens it");
    assert_eq!(
        received
            .recv_timeout(Duration::from_secs(10))
            .expect("the printer got a job"),
        drawer_kick_pulse(DrawerPin::Pin2),
        "the printer receives exactly the drawer pulse"
    );
    assert_eq!(audited_openings(&store).len(), 1);

    let unreachable = PrinterConnection::Network {
        address: closed_port(),
    };
    assert_eq!(
        open_drawer_on_printer(
            &store.database,
            &request(&store.manager.id, "troco", None),
            &unreachable
        )
        .map_err(|error| error.code()),
        Err("drawer_not_opened")
    );
    assert_eq!(
        audited_openings(&store).len(),
        1,
        "a printer that was never reached leaves no row saying the drawer opened"
    );
}

#[test]
fn a_serial_printer_gets_exactly_the_pulse_and_the_opening_is_audited() {
    let store = store();
    // A real pseudo-terminal pair: the drawer's printer reads on one side of it.
    // The port side stays open so the terminal lives while the drawer code opens it by path.
    let (mut printer_side, port_side) = serialport::TTYPort::pair().expect("a terminal pair");
    let printer = PrinterConnection::Serial(SerialPortSettings {
        path: port_side.name().expect("the port side has a path"),
        baud_rate: 9600,
        flow_control: SerialFlowControl::None,
    });
    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "drawer")
        .expect("the manager approves");
    open_drawer_on_printer(
        &store.database,
        &request(&store.cashier.id, "troco", Some(&approval)),
        &printer,
    )
    .expect("a cashier with approval opens it");
    let mut received = [0_u8; 5];
    printer_side
        .set_timeout(Duration::from_secs(10))
        .expect("read timeout");
    printer_side
        .read_exact(&mut received)
        .expect("the pulse arrives");
    assert_eq!(received, drawer_kick_pulse(DrawerPin::Pin2));
    assert_eq!(
        audited_openings(&store),
        [(
            store.cashier.id.clone(),
            Some(store.manager.id.clone()),
            "troco".to_owned()
        )]
    );
}

#[test]
fn the_drawer_opens_through_the_printer_in_the_settings_and_says_so_when_there_is_none() {
    let store = store();
    let missing =
        open_drawer_on_receipt_printer(&store.database, &request(&store.manager.id, "troco", None))
            .expect_err("no printer is set up");
    assert_eq!(missing.code(), "drawer_not_opened");
    assert!(
        missing.to_string().contains("printer settings"),
        "{missing}"
    );
    assert!(
        audited_openings(&store).is_empty(),
        "nothing opened, nothing audited"
    );

    let (address, received) = virtual_printer();
    save_receipt_printer_settings(
        &store.database,
        &ReceiptPrinterSettings::Network {
            address: address.to_string(),
            paper_mm: 80,
        },
    )
    .expect("set up the printer");
    open_drawer_on_receipt_printer(&store.database, &request(&store.manager.id, "troco", None))
        .expect("the manager opens the drawer");
    assert_eq!(
        received
            .recv_timeout(Duration::from_secs(10))
            .expect("the printer got the pulse"),
        drawer_kick_pulse(DrawerPin::Pin2).to_vec()
    );
    assert_eq!(audited_openings(&store).len(), 1);
}
