import Testing
import XMLRPC

@testable import BosunDaemon

/// Wire values become method arguments exactly or not at all: no value a client can send
/// traps, and a double is an int only when it is one.
struct RPCArgumentsTests {
    @Test(arguments: [
        Double.nan, .infinity, -.infinity, 1e300, -1e300, 1.5, -0.5, 9.223372036854775807e18, -9.3e18, .ulpOfOne,
    ])
    func doublesThatAreNotExactIntsAreIncorrectParameters(_ number: Double) {
        let arguments = RPCArguments(values: [.double(number)])
        #expect(throws: RPCError.self) { try arguments.int(0) }
        #expect((try? arguments.int(0)) == nil)
    }

    @Test func exactValuesConvert() throws {
        let values: [(XMLRPCValue, Int)] = [
            (.double(2), 2), (.double(-0.0), 0), (.double(-9.223372036854775808e18), Int.min), (.int(Int.max), Int.max),
            (.int(Int.min), Int.min), (.bool(true), 1), (.string(" 42\n"), 42), (.string("-7"), -7),
        ]
        for (value, expected) in values {
            #expect(try RPCArguments(values: [value]).int(0) == expected, "\(value)")
        }
    }

    @Test func everyOtherValueIsIncorrectParameters() {
        let values: [XMLRPCValue] = [
            .string(""), .string("x"), .string("99999999999999999999"), .array([]), .structure([:]), .base64([1]),
            .dateTime("20261202T00:00:00"),
        ]
        for value in values {
            let error = #expect(throws: RPCError.self) { try RPCArguments(values: [value]).int(0) }
            #expect(error?.code == 2 && error?.text == "INCORRECT_PARAMETERS", "\(value)")
        }
    }

    @Test func readingPastTheGivenParametersIsAFaultNotATrap() {
        let arguments = RPCArguments(values: [])
        #expect(throws: RPCError.self) { try arguments.string(0) }
        #expect(throws: RPCError.self) { try arguments.int(3) }
        #expect(throws: RPCError.self) { try arguments.value(-1) }
        #expect(arguments.bool(0, default: true))
    }
}
