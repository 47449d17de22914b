using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.Ocpp;

public sealed class OcppFrameReaderTests
{
    [Fact]
    public void A_call_is_read_with_its_id_action_and_payload()
    {
        var call = Assert.IsType<OcppCall>(OcppFrameReader.Read("""[2,"a1","Heartbeat",{}]""", out var problem));
        Assert.Null(problem);
        Assert.Equal(("a1", "Heartbeat", 0), (call.UniqueId, call.Action, call.Payload.Count));
    }

    [Fact]
    public void Results_and_errors_are_read()
    {
        Assert.IsType<OcppCallResult>(OcppFrameReader.Read("""[3,"cs-1",{"status":"Accepted"}]""", out _));
        var error = Assert.IsType<OcppCallError>(OcppFrameReader.Read("""[4,"cs-2","NotSupported","no",{}]""", out _));
        Assert.Equal("NotSupported", error.ErrorCode);
    }

    [Theory]
    [InlineData("not json", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""{"a":1}""", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,17,"Heartbeat",{}]""", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""[9,"x","Heartbeat",{}]""", "x", OcppErrorCode.ProtocolError)]
    [InlineData("""[2,"x","Heartbeat"]""", "x", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"x","Heartbeat",[]]""", "x", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"0123456789012345678901234567890123456","Heartbeat",{}]""", "-1", OcppErrorCode.FormationViolation)]
    public void A_malformed_call_is_answered_with_a_callerror(string text, string id, string code)
    {
        Assert.Null(OcppFrameReader.Read(text, out var problem));
        Assert.Equal(id, problem!.Answer!.UniqueId);
        Assert.Equal(code, problem.Answer.ErrorCode);
    }

    [Theory]
    [InlineData("""[3,"x"]""")]
    [InlineData("""[3,"x","notanobject"]""")]
    [InlineData("""[4,"x",1,2]""")]
    public void A_malformed_response_is_refused_without_an_answer(string text)
    {
        Assert.Null(OcppFrameReader.Read(text, out var problem));
        Assert.Null(problem!.Answer);
    }

    [Fact]
    public void Frames_round_trip_through_their_json()
    {
        var error = new OcppCallError("a", OcppErrorCode.GenericError, "why");
        Assert.Equal("""[4,"a","GenericError","why",{}]""", error.ToJson());
        Assert.Equal(error with { Details = null }, OcppFrameReader.Read(error.ToJson(), out _) is OcppCallError e ? e with { Details = null } : null);
    }
}
