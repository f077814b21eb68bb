import BosunWeb
import Testing

struct FormFieldsTests {
    @Test func fieldsAreDecodedAndTheFirstOfARepeatedNameWins() {
        let fields = FormFields("do=stop%3Afeeds%3Amd1&token=ab+cd&do=startall&empty=&bare")
        #expect(fields["do"] == "stop:feeds:md1")
        #expect(fields["token"] == "ab cd")
        #expect(fields["empty"] == "")
        #expect(fields["bare"] == "")
        #expect(fields["missing"] == nil)
    }

    @Test func aQueryIsWhatFollowsTheFirstQuestionMark() {
        #expect(FormFields(query: "/tail.html?processname=a%3Cb&limit=2048?x")["limit"] == "2048?x")
        #expect(FormFields(query: "/index.html")["action"] == nil)
    }

    @Test func onlySoManyFieldsAreRead() {
        let text = (0..<1000).map { "f\($0)=1" }.joined(separator: "&")
        let fields = FormFields(text)
        #expect(fields["f\(FormFields.maxFields - 1)"] == "1")
        #expect(fields["f\(FormFields.maxFields)"] == nil)
    }
}
