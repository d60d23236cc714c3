import Foundation
import Testing
@testable import InboxMail

@Suite struct DateTests {
    func epoch(_ s: String) -> Int64? { withBytes(s) { DateParser.epochSeconds($0) } }

    @Test func rfc5322Forms() {
        #expect(epoch("Tue, 1 Nov 2016 10:30:00 +0100") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 10:30:00 +0100") == 1_477_992_600)
        #expect(epoch("Tue,  1 Nov 2016 10:30 +0100") == 1_477_992_600)
        #expect(epoch("Tue, 01 Nov 2016 09:30:00 GMT") == 1_477_992_600)
        #expect(epoch("Tue, 1 Nov 2016 10:30:00 +0100 (CET)") == 1_477_992_600)
        #expect(epoch("Tue,1 Nov 2016 10:30:00 +0100") == 1_477_992_600)
        #expect(epoch("  Tue,   1   Nov   2016   10:30:00   +0100  ") == 1_477_992_600)
        #expect(epoch("Tue, 1 November 2016 10:30:00 +0100") == 1_477_992_600)
    }

    @Test func obsoleteZonesAndYears() {
        #expect(epoch("1 Nov 2016 04:30:00 EST") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 05:30:00 EDT") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 03:30:00 CST") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 02:30:00 MST") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 01:30:00 PST") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 02:30:00 PDT") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 09:30:00 UT") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 09:30:00 Z") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 09:30:00 A") == 1_477_992_600)
        #expect(epoch("1 Nov 16 09:30:00 GMT") == 1_477_992_600)
        #expect(epoch("1 Nov 99 00:00:00 GMT") == 941_414_400)
        #expect(epoch("1 Nov 116 09:30:00 GMT") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 09:30:00") == 1_477_992_600)
        #expect(epoch("1 Nov 2016 09:30:00 -0000") == 1_477_992_600)
    }

    @Test func otherForms() {
        #expect(epoch("Tue Nov  1 09:30:00 2016") == 1_477_992_600)
        #expect(epoch("2016-11-01T09:30:00Z") == 1_477_992_600)
        #expect(epoch("2016-11-01 10:30:00 +01:00") == 1_477_992_600)
        #expect(epoch("2016-11-01T10:30:00.123+0100") == 1_477_992_600)
        #expect(epoch("01-Nov-2016 09:30:00 +0000") == 1_477_992_600)
        #expect(epoch("Tue, 1 Nov 2016 9:30:00 AM GMT") == 1_477_992_600)
    }

    @Test func unreadableDates() {
        #expect(epoch("") == nil)
        #expect(epoch("<HR>") == nil)
        #expect(epoch("Malformed Date.") == nil)
        #expect(epoch("Wed, 15 Dec 2010    59:10 -0500") == nil)
        #expect(epoch("Pn, 29 paX 2007 21:13:00 +0100") == nil)
        #expect(epoch("Thu Jan 01 00:00:10 +0000") == nil)
        #expect(epoch("32 Jan 2016 10:00:00 +0000") == nil)
        #expect(epoch("1 Jan 99999999999999999999 10:00:00 +99999999999999") == nil)
        let m = MessageParser.parse(Array("From: a@b.c\nDate: someday\n\nx".utf8))
        #expect(m.date == nil)
        #expect(m.problems.contains("Date header \"someday\" could not be read."))
        let ok = MessageParser.parse(Array("Date: Tue, 1 Nov 2016 10:30:00 +0100\n\nx".utf8))
        #expect(ok.date == Date(timeIntervalSince1970: 1_477_992_600))
    }
}
