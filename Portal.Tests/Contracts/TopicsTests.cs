using Portal.Contracts.Mqtt;

namespace Portal.Tests.Contracts;

public sealed class TopicsTests
{
    [Theory]
    [InlineData(TopicKind.Live, "sites/s-1/gateways/gw_2/live")]
    [InlineData(TopicKind.Intervals, "sites/s-1/gateways/gw_2/intervals")]
    [InlineData(TopicKind.Status, "sites/s-1/gateways/gw_2/status")]
    [InlineData(TopicKind.Config, "sites/s-1/gateways/gw_2/config")]
    [InlineData(TopicKind.ConfigAck, "sites/s-1/gateways/gw_2/config/ack")]
    [InlineData(TopicKind.ControlOverrides, "sites/s-1/gateways/gw_2/control/overrides")]
    [InlineData(TopicKind.ControlState, "sites/s-1/gateways/gw_2/control/state")]
    [InlineData(TopicKind.ControlDecisions, "sites/s-1/gateways/gw_2/control/decisions")]
    public void Topics_build_and_parse_back(TopicKind kind, string expected)
    {
        var topic = Topics.Build("s-1", "gw_2", kind);

        Assert.Equal(expected, topic);
        Assert.True(Topics.TryParse(topic, out var parsed));
        Assert.Equal(new GatewayTopic("s-1", "gw_2", kind), parsed);
    }

    [Theory]
    [InlineData("sites/s1/gateways/gw1/unknown")]
    [InlineData("sites/s1/gateways/gw1")]
    [InlineData("sites/+/gateways/gw1/live")]
    [InlineData("other/s1/gateways/gw1/live")]
    [InlineData("sites/s1/gateways/gw1/live/ack")]
    [InlineData("sites/s1/gateways/gw1/control/ack")]
    [InlineData("")]
    public void Foreign_or_malformed_topics_do_not_parse(string topic) => Assert.False(Topics.TryParse(topic, out _));

    [Fact]
    public void Ids_with_wildcards_or_separators_are_refused() =>
        Assert.Throws<ArgumentException>(() => Topics.Build("s1", "gw/#", TopicKind.Live));

    [Fact]
    public void Portal_filter_spans_every_gateway() =>
        Assert.Equal("sites/+/gateways/+/config/ack", Topics.FilterForAllGateways(TopicKind.ConfigAck));
}
