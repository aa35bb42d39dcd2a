<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:6:", "@TMP@/written-exsl.txt" -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:import href="common/page.xsl"/>
  <xsl:template match="/">
    <exsl:document href="@TMP@/written-exsl.txt" method="text">owned</exsl:document>
    <xsl:call-template name="page"/>
  </xsl:template>
</xsl:stylesheet>
